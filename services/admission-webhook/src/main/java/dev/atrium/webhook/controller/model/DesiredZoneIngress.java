package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The ZoneIngress a Pod should have: {@code <pod>.<namespace>}, the labels the controller owns, and its
 * networking. Its availableServices are not the controller's: the zone's xds-server computes them, so a
 * write keeps the stored ones (Kuma's converter starts from the existing spec for the same reason).
 */
public record DesiredZoneIngress(String name, Map<String, String> labels, ZoneIngressSpec spec) {
  public DesiredZoneIngress {
    labels = Map.copyOf(new TreeMap<>(labels));
  }

  /** The resource to write over {@code current} (null when there is none), keeping its availableServices. */
  public Resource resourceOver(Resource current) {
    ZoneIngressSpec written = current == null ? spec
        : spec.withAvailableServices(current.specAs(ZoneIngressSpec.class).availableServices());
    return new Resource(ResourceKind.ZONE_INGRESS, new ResourceMeta(null, name, labels, null, null, 0), written);
  }

  /** Whether {@code stored} already is this one: same networking, every label the controller sets present. */
  public boolean satisfiedBy(Resource stored) {
    if (!Objects.equals(spec.networking(), stored.specAs(ZoneIngressSpec.class).networking())) return false;
    for (var e : labels.entrySet()) {
      if (!e.getValue().equals(stored.meta().labels().get(e.getKey()))) return false;
    }
    return true;
  }
}
