package dev.atrium.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.webhook.metadata.KumaMetadata;
import dev.atrium.webhook.metadata.ProxyCredentials;
import java.util.Optional;

/**
 * Which volume gives the sidecar the Pod's service-account token, as Kuma's injector finds it: the
 * volume the {@code kuma.io/service-account-token-volume} annotation names, else the mount an
 * application container already has at {@code /var/run/secrets/kubernetes.io/serviceaccount} (the
 * projected {@code kube-api-access-*} volume the API server's ServiceAccount admission added before the
 * webhook ran), copied. None when the Pod has no token ({@code automountServiceAccountToken: false}):
 * the sidecar is injected anyway and its proxy is refused by an xds-server that asks for tokens, which
 * is the user's choice to make, not the injector's.
 */
final class ServiceAccountTokenMount {
  private ServiceAccountTokenMount() {}

  /** @throws PodFacts.Unacceptable when the annotation names a volume the Pod does not have */
  static Optional<ObjectNode> find(JsonNode pod) {
    JsonNode named = pod.at("/metadata/annotations").path(KumaMetadata.SERVICE_ACCOUNT_TOKEN_VOLUME);
    if (!named.isMissingNode()) {
      String volume = named.asText();
      for (JsonNode v : pod.at("/spec/volumes")) {
        if (volume.equals(v.path("name").asText())) {
          ObjectNode mount = JsonNodeFactory.instance.objectNode();
          mount.put("name", volume).put("mountPath", ProxyCredentials.SERVICE_ACCOUNT_DIR).put("readOnly", true);
          return Optional.of(mount);
        }
      }
      throw new PodFacts.Unacceptable("metadata.annotations[\"" + KumaMetadata.SERVICE_ACCOUNT_TOKEN_VOLUME
          + "\"]: volume \"" + volume + "\" does not exist in the Pod's spec.volumes");
    }
    for (JsonNode container : pod.at("/spec/containers")) {
      for (JsonNode mount : container.path("volumeMounts")) {
        if (ProxyCredentials.SERVICE_ACCOUNT_DIR.equals(mount.path("mountPath").asText())) {
          return Optional.of(((ObjectNode) mount).deepCopy());
        }
      }
    }
    return Optional.empty();
  }
}
