package dev.atrium.webhook.controller.assembly;

/** A MeshGatewayInstance's Kubernetes identity: the gateway controller's queue key. */
public record InstanceKey(String namespace, String name) {
  @Override
  public String toString() {
    return "MeshGatewayInstance " + namespace + "/" + name;
  }
}
