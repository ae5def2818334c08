package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.dataplane.DataplaneSpec.Admin;
import dev.atrium.core.model.dataplane.DataplaneSpec.TransparentProxying;
import dev.atrium.webhook.metadata.KumaMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Dataplane's transparent-proxying block and admin port from the annotations injection left on the
 * Pod ({@code kuma.io/transparent-proxying: enabled}, the redirect ports, reachable and direct-access
 * services, {@code kuma.io/envoy-admin-port}). A value that is not a port is left out.
 */
final class TransparentProxyAnnotations {
  private TransparentProxyAnnotations() {}

  static TransparentProxying of(Map<String, String> annotations) {
    if (!KumaMetadata.onOff(annotations.get(KumaMetadata.TRANSPARENT_PROXYING)).orElse(false)) return null;
    return new TransparentProxying(port(annotations.get(KumaMetadata.INBOUND_PORT)),
        port(annotations.get(KumaMetadata.OUTBOUND_PORT)), list(annotations.get(KumaNames.DIRECT_ACCESS_SERVICES)),
        list(annotations.get(KumaNames.REACHABLE_SERVICES)), null);
  }

  static Admin admin(Map<String, String> annotations) {
    Integer port = port(annotations.get(KumaMetadata.ENVOY_ADMIN_PORT));
    return port == null ? null : new Admin(port);
  }

  private static Integer port(String value) {
    if (value == null) return null;
    try {
      int p = Integer.parseInt(value.trim());
      return p > 0 && p < 65536 ? p : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) return List.of();
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
