package dev.atrium.xds.ads;

import java.util.Optional;

/**
 * A proxy's identity as its bootstrap states it: Envoy's {@code node.id} is {@code <mesh>.<dataplane name>},
 * or {@code .<name>} for a ZoneIngress, which belongs to no mesh (Kuma's form).
 */
public record ProxyId(String mesh, String name) implements Comparable<ProxyId> {

  /** Splits on the first '.', as Kuma does (mesh names have no dots; Dataplane names may). */
  public static Optional<ProxyId> parse(String nodeId) {
    int dot = nodeId == null ? -1 : nodeId.indexOf('.');
    if (dot < 0 || dot == nodeId.length() - 1) return Optional.empty();
    return Optional.of(new ProxyId(nodeId.substring(0, dot), nodeId.substring(dot + 1)));
  }

  /** The ZoneIngress {@code name}. */
  public static ProxyId ingress(String name) {
    return new ProxyId("", name);
  }

  /** Whether this is a ZoneIngress (no mesh) rather than a Dataplane's proxy. */
  public boolean isIngress() {
    return mesh.isEmpty();
  }

  public String nodeId() {
    return mesh + "." + name;
  }

  @Override
  public int compareTo(ProxyId o) {
    return nodeId().compareTo(o.nodeId());
  }

  @Override
  public String toString() {
    return nodeId();
  }
}
