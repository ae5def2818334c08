package dev.atrium.store.service;

import dev.atrium.core.model.Resource;
import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Labels the control plane sets on write, as a Kuma universal zone does, so that label filters and
 * tools written for Kuma (kri, the GUI, {@code filter[labels.kuma.io/origin]=zone}) behave the same.
 */
final class ServerLabels {
  private ServerLabels() {}

  /** Kinds a zone provides (Kuma's ProvidedByZone): they carry origin/zone/env labels. */
  private static final Set<ResourceKind> ZONE_PROVIDED = EnumSet.of(ResourceKind.DATAPLANE, ResourceKind.MESH_GATEWAY,
      ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE, ResourceKind.SECRET, ResourceKind.ZONE_INGRESS);

  /** Labels that describe where a resource came from and may not change once set. */
  static final Set<String> IMMUTABLE = Set.of("kuma.io/origin", "kuma.io/zone", "kuma.io/display-name");

  static Map<String, String> compute(Resource r, String zone, ControlPlaneMode mode) {
    Map<String, String> labels = new TreeMap<>(r.meta().labels());
    if (r.kind().isMeshScoped()) labels.put("kuma.io/mesh", r.mesh());
    // Global is no zone: what is written there carries no zone of origin (Kuma stamps these in zones only).
    if (mode != ControlPlaneMode.GLOBAL && ZONE_PROVIDED.contains(r.kind())) {
      labels.putIfAbsent("kuma.io/origin", "zone");
      // A zone's copy of a global resource (the zone sync's) is from no zone.
      if ("zone".equals(labels.get("kuma.io/origin"))) {
        labels.putIfAbsent("kuma.io/zone", zone);
        labels.putIfAbsent("kuma.io/env", "universal");
      }
    }
    if (r.kind() == ResourceKind.DATAPLANE) {
      labels.put("kuma.io/proxy-type", /* delegated gateways are sidecars to Kuma */ r.specAs(DataplaneSpec.class).isBuiltinGateway() ? "gateway" : "sidecar");
    }
    return labels;
  }
}
