package dev.atrium.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.webhook.metadata.KumaMetadata;
import dev.atrium.webhook.metadata.NamespaceInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What injection needs to know about one Pod, read once: whether it is injected already or not wanted
 * ({@link #skipReason}), the mesh it joins, whether it is a delegated gateway, whether its DNS goes
 * through the sidecar (Kuma's builtin DNS: on unless the Pod's {@code kuma.io/builtin-dns} says disabled).
 *
 * @param skipReason null when the Pod is to be injected
 */
record PodFacts(String skipReason, String mesh, boolean gateway, boolean builtinDns, String firstContainer,
    Map<String, String> labels, Map<String, String> annotations, List<String> containersWithSidecarUid) {

  /** A Pod whose metadata makes no sense to the injector; refused with this message. */
  static final class Unacceptable extends RuntimeException {
    Unacceptable(String message) {
      super(message);
    }
  }

  static PodFacts read(JsonNode pod, NamespaceInfo namespace, long sidecarUid) {
    Map<String, String> labels = strings(pod.at("/metadata/labels"));
    Map<String, String> annotations = strings(pod.at("/metadata/annotations"));
    String first = pod.at("/spec/containers/0/name").asText(null);
    String skip = skipReason(pod, labels, annotations, namespace);
    if (skip != null) return new PodFacts(skip, null, false, false, first, labels, annotations, List.of());
    return new PodFacts(null, mesh(labels, annotations, namespace), gateway(annotations),
        onOff("Pod annotation", annotations, KumaMetadata.BUILTIN_DNS).orElse(true), first, labels, annotations,
        containersRunningAs(pod, sidecarUid));
  }

  private static String skipReason(JsonNode pod, Map<String, String> labels, Map<String, String> annotations,
      NamespaceInfo namespace) {
    if (hasContainer(pod.at("/spec/containers")) || hasContainer(pod.at("/spec/initContainers"))) {
      return "already has the " + KumaMetadata.SIDECAR_CONTAINER + " container";
    }
    if (KumaMetadata.onOff(annotations.get(KumaMetadata.SIDECAR_INJECTED)).orElse(false)) {
      return "already annotated " + KumaMetadata.SIDECAR_INJECTED;
    }
    if ("builtin".equals(annotations.get(KumaMetadata.GATEWAY))) {
      return "a builtin gateway Pod runs Envoy itself";
    }
    // The Pod's label wins; the annotation is what older Kuma docs (and the gateway-mode blog) write.
    Optional<Boolean> wanted = onOff("Pod label", labels, KumaMetadata.SIDECAR_INJECTION);
    if (wanted.isEmpty()) wanted = onOff("Pod annotation", annotations, KumaMetadata.SIDECAR_INJECTION);
    if (wanted.isEmpty()) wanted = onOff("namespace label", namespace.labels(), KumaMetadata.SIDECAR_INJECTION);
    if (wanted.isEmpty()) return "namespace " + namespace.name() + " is not labelled " + KumaMetadata.SIDECAR_INJECTION + "=enabled";
    return wanted.get() ? null : "injection disabled by " + KumaMetadata.SIDECAR_INJECTION;
  }

  /** Pod label, Pod annotation, namespace label, namespace annotation, else "default" (Kuma's order). */
  private static String mesh(Map<String, String> labels, Map<String, String> annotations, NamespaceInfo namespace) {
    for (Map<String, String> source : List.of(labels, annotations, namespace.labels(), namespace.annotations())) {
      String mesh = source.get(KumaMetadata.MESH);
      if (mesh != null && !mesh.isBlank()) return mesh.trim();
    }
    return KumaMetadata.DEFAULT_MESH;
  }

  /** enabled (and Kuma's {@code provided} flavour) make a delegated gateway; anything unknown is refused. */
  private static boolean gateway(Map<String, String> annotations) {
    String value = annotations.get(KumaMetadata.GATEWAY);
    if (value == null) return false;
    if ("provided".equals(value)) return true;
    return KumaMetadata.onOff(value).orElseThrow(() -> new Unacceptable("annotation \"" + KumaMetadata.GATEWAY
        + "\" has the value \"" + value + "\"; use enabled for a delegated gateway (or provided, or builtin)"));
  }

  private static Optional<Boolean> onOff(String where, Map<String, String> source, String key) {
    String value = source.get(key);
    if (value == null) return Optional.empty();
    return Optional.of(KumaMetadata.onOff(value).orElseThrow(() -> new Unacceptable(KumaMetadata.notOnOff(where, key, value))));
  }

  private static boolean hasContainer(JsonNode containers) {
    for (JsonNode c : containers) {
      if (KumaMetadata.SIDECAR_CONTAINER.equals(c.path("name").asText())) return true;
    }
    return false;
  }

  private static List<String> containersRunningAs(JsonNode pod, long uid) {
    List<String> names = new ArrayList<>();
    for (JsonNode c : pod.at("/spec/containers")) {
      JsonNode runAs = c.at("/securityContext/runAsUser");
      if (runAs.canConvertToLong() && runAs.asLong() == uid) names.add(c.path("name").asText());
    }
    return names;
  }

  private static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
