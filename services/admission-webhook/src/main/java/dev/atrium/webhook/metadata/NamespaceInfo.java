package dev.atrium.webhook.metadata;

import java.util.Map;

/** What the webhooks need to know about a namespace; admission requests do not carry it. */
public record NamespaceInfo(String name, Map<String, String> labels, Map<String, String> annotations) {
  public NamespaceInfo {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** Whether the namespace's label asks for injection ({@code kuma.io/sidecar-injection: enabled}). */
  public boolean injectionEnabled() {
    return KumaMetadata.onOff(labels.get(KumaMetadata.SIDECAR_INJECTION)).orElse(false);
  }
}
