package dev.atrium.webhook.controller.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * kuma.io/v1alpha1 MeshGatewayInstance objects through the API server (deploy/k8s/crds gives them a
 * status subresource). No CRD or no object: empty, and nothing is written.
 */
public final class KubernetesInstanceObjects implements InstanceObjects {
  private static final Logger LOG = Logger.getLogger(KubernetesInstanceObjects.class);
  private static final ResourceDefinitionContext CRD = new ResourceDefinitionContext.Builder()
      .withGroup("kuma.io").withVersion("v1alpha1").withKind("MeshGatewayInstance").withPlural("meshgatewayinstances")
      .withNamespaced(true).build();

  private final KubernetesClient client;

  public KubernetesInstanceObjects(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<InstanceObject> find(String namespace, String name) {
    GenericKubernetesResource object;
    try {
      object = client.genericKubernetesResources(CRD).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return Optional.empty(); // the CRD is not installed
      throw e;
    }
    if (object == null) return Optional.empty();
    return Optional.of(new InstanceObject(namespace, name, object.getMetadata().getUid(),
        object.getMetadata().getGeneration(), status(object)));
  }

  @Override
  public void writeStatus(InstanceObject object, MeshGatewayInstanceStatus status) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode body = patch.putObject("status");
    body.set("conditions", Mappers.JSON.valueToTree(status.conditions()));
    // A merge patch leaves out what it does not name: an address that went away is removed explicitly.
    body.set("loadBalancer", status.loadBalancer() == null ? body.nullNode() : Mappers.JSON.valueToTree(status.loadBalancer()));
    try {
      client.genericKubernetesResources(CRD).inNamespace(object.namespace()).withName(object.name())
          .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return; // deleted meanwhile
      throw e;
    }
  }

  private static MeshGatewayInstanceStatus status(GenericKubernetesResource object) {
    Object raw = object.getAdditionalProperties().get("status");
    if (raw == null) return null;
    try {
      JsonNode tree = Mappers.JSON.valueToTree(raw);
      return Mappers.JSON.treeToValue(tree, MeshGatewayInstanceStatus.class);
    } catch (Exception e) {
      LOG.debugf("unreadable status of MeshGatewayInstance %s/%s: %s", object.getMetadata().getNamespace(),
          object.getMetadata().getName(), e.getMessage());
      return null;
    }
  }
}
