package dev.atrium.webhook.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.metadata.KumaMetadata;
import dev.atrium.webhook.metadata.NamespaceInfo;
import dev.atrium.webhook.patch.JsonPatch;

/**
 * Service CREATE/UPDATE: in a namespace labelled {@code kuma.io/sidecar-injection: enabled}, an
 * ingress controller must send traffic to the Service's IP rather than straight to its endpoints, so
 * that the mesh (not kube-proxy) picks the endpoint. Both annotations ingress controllers read are
 * added unless the user set them already (to any value: that is their choice). Skipped, as in Kuma:
 * ExternalName Services (no endpoints), {@code kuma.io/ignore: true}, builtin gateway Services.
 */
public final class ServiceAnnotator {
  private static final String ANNOTATIONS = "/metadata/annotations";

  public Verdict annotate(JsonNode service, NamespaceInfo namespace) {
    if (!namespace.injectionEnabled()) {
      return new Verdict.Allow("namespace " + namespace.name() + " is not labelled " + KumaMetadata.SIDECAR_INJECTION + "=enabled");
    }
    if ("ExternalName".equals(service.at("/spec/type").asText())) return new Verdict.Allow("ExternalName Service");
    JsonNode annotations = service.at(ANNOTATIONS);
    if (KumaMetadata.onOff(annotations.path(KumaMetadata.IGNORE).asText(null)).orElse(false)) {
      return new Verdict.Allow("annotated " + KumaMetadata.IGNORE);
    }
    if ("builtin".equals(annotations.path(KumaMetadata.GATEWAY).asText(null))) {
      return new Verdict.Allow("builtin gateway Service");
    }
    JsonPatch patch = new JsonPatch();
    for (String key : new String[] {KumaMetadata.SERVICE_UPSTREAM, KumaMetadata.NGINX_SERVICE_UPSTREAM}) {
      if (!annotations.has(key)) patch.putInMap(service, ANNOTATIONS, key, "true");
    }
    return patch.isEmpty() ? new Verdict.Allow("service-upstream already set") : new Verdict.Patch("service-upstream added", patch);
  }
}
