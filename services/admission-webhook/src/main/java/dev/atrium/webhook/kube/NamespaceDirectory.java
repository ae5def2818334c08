package dev.atrium.webhook.kube;

import dev.atrium.webhook.metadata.NamespaceInfo;

/** Namespaces' labels and annotations: an AdmissionReview names the namespace but does not carry it. */
public interface NamespaceDirectory {

  NamespaceInfo get(String namespace);

  /** True once the initial list is loaded (readiness). */
  default boolean ready() {
    return true;
  }
}
