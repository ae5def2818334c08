package dev.atrium.webhook.metadata;

import java.util.Locale;
import java.util.Optional;

/**
 * The labels and annotations Kuma users already write (Kuma 2.14's names, so manifests carry over),
 * and how their on/off values are read.
 */
public final class KumaMetadata {
  private KumaMetadata() {}

  /** Namespace or Pod label: inject the sidecar. The Pod's label wins over the namespace's. */
  public static final String SIDECAR_INJECTION = "kuma.io/sidecar-injection";
  /** Pod annotation set by injection; a Pod carrying it is never injected twice. */
  public static final String SIDECAR_INJECTED = "kuma.io/sidecar-injected";
  /** Pod label or annotation, or namespace label or annotation: the mesh the Pod joins. */
  public static final String MESH = "kuma.io/mesh";
  /** Pod annotation: {@code enabled} makes the Pod a delegated gateway (no inbound redirection). */
  public static final String GATEWAY = "kuma.io/gateway";
  public static final String SIDECAR_UID = "kuma.io/sidecar-uid";
  public static final String ENVOY_ADMIN_PORT = "kuma.io/envoy-admin-port";
  public static final String TRANSPARENT_PROXYING = "kuma.io/transparent-proxying";
  public static final String INBOUND_PORT = "kuma.io/transparent-proxying-inbound-port";
  public static final String OUTBOUND_PORT = "kuma.io/transparent-proxying-outbound-port";
  /** Kuma's builtin DNS (on unless a Pod says disabled): kuma-init redirects the Pod's DNS to the sidecar's relay. */
  public static final String BUILTIN_DNS = "kuma.io/builtin-dns";
  public static final String BUILTIN_DNS_PORT = "kuma.io/builtin-dns-port";
  /** Kuma's default port of the sidecar's DNS (kuma-dp's CoreDNS, atrium-dp's relay). */
  public static final int DNS_RELAY_PORT = 15053;
  /** Service annotation: leave this Service alone. */
  /** Names the Pod volume holding the service-account token the sidecar mounts (else the application's mount is copied). */
  public static final String SERVICE_ACCOUNT_TOKEN_VOLUME = "kuma.io/service-account-token-volume";
  public static final String IGNORE = "kuma.io/ignore";
  public static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";
  public static final String SERVICE_UPSTREAM = "ingress.kubernetes.io/service-upstream";
  public static final String NGINX_SERVICE_UPSTREAM = "nginx.ingress.kubernetes.io/service-upstream";

  /** The container names Kuma uses; tools (kubectl logs -c kuma-sidecar) and the Pod converter rely on them. */
  public static final String SIDECAR_CONTAINER = "kuma-sidecar";
  public static final String INIT_CONTAINER = "kuma-init";
  public static final String DEFAULT_MESH = "default";

  /**
   * An on/off value as Kuma reads it: enabled/true/yes or disabled/false/no, any case. Empty when the
   * value is none of these, so the caller can refuse with the field named.
   */
  public static Optional<Boolean> onOff(String value) {
    if (value == null) return Optional.empty();
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "enabled", "true", "yes" -> Optional.of(true);
      case "disabled", "false", "no" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /** The message for a value {@link #onOff} does not accept. */
  public static String notOnOff(String where, String key, String value) {
    return where + " \"" + key + "\" has the value \"" + value + "\"; use enabled or disabled";
  }
}
