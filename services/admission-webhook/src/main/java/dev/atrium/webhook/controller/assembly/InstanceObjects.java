package dev.atrium.webhook.controller.assembly;

import dev.atrium.core.model.gateway.MeshGatewayInstanceStatus;
import dev.atrium.webhook.controller.model.ManagedObjects;
import java.util.Optional;

/**
 * The MeshGatewayInstance as a Kubernetes object, where there is one: it owns the Deployment and the
 * Service (so deleting it deletes them) and it carries the status. Universal stores have no such
 * object; {@link #NONE} then stands in and every status is dropped.
 */
public interface InstanceObjects {
  /** The kuma.io/v1alpha1 object {@code namespace/name}, if it exists. */
  Optional<InstanceObject> find(String namespace, String name);

  /** Replaces the object's status (its status subresource). */
  void writeStatus(InstanceObject object, MeshGatewayInstanceStatus status);

  record InstanceObject(String namespace, String name, String uid, Long generation, MeshGatewayInstanceStatus status) {
    public ManagedObjects.Owner owner() {
      return new ManagedObjects.Owner("kuma.io/v1alpha1", "MeshGatewayInstance", name, uid);
    }
  }

  InstanceObjects NONE = new InstanceObjects() {
    @Override
    public Optional<InstanceObject> find(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public void writeStatus(InstanceObject object, MeshGatewayInstanceStatus status) {
    }
  };
}
