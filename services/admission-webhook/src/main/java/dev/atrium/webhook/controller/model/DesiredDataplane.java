package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import dev.atrium.core.model.dataplane.DataplaneSpec.Outbound;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Dataplane a Pod should have: {@code <pod>.<namespace>} in its mesh, with the labels the
 * controller owns (the store adds its own server labels beside them).
 */
public record DesiredDataplane(String mesh, String name, Map<String, String> labels, DataplaneSpec spec) {
  public DesiredDataplane {
    labels = Map.copyOf(new TreeMap<>(labels));
  }

  public Resource resource() {
    return new Resource(ResourceKind.DATAPLANE, new ResourceMeta(mesh, name, labels, null, null, 0), spec);
  }

  /** The same Dataplane with these outbounds ({@link ServiceOutbounds}) in place of any it had. */
  public DesiredDataplane withOutbounds(List<Outbound> outbounds) {
    Networking n = spec.networking();
    if (n == null) return this;
    Networking with = new Networking(n.address(), n.advertisedAddress(), n.inbound(), outbounds, n.gateway(),
        n.transparentProxying(), n.admin());
    return new DesiredDataplane(mesh, name, labels, new DataplaneSpec(with, spec.metrics(), spec.probes()));
  }

  /**
   * Whether a stored Dataplane already is this one: same mesh and spec, and every label the controller
   * sets present with its value (labels the store added are not the controller's business).
   */
  public boolean satisfiedBy(Resource stored) {
    if (!mesh.equals(stored.mesh()) || !spec.equals(stored.spec())) return false;
    for (var e : labels.entrySet()) {
      if (!e.getValue().equals(stored.meta().labels().get(e.getKey()))) return false;
    }
    return true;
  }
}
