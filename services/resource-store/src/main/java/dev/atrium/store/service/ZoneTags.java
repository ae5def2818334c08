package dev.atrium.store.service;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Gateway;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code kuma.io/zone} tag a Kuma universal zone writes into every Dataplane it stores (Kuma's
 * dataplane manager, on create and update): each inbound's tags and a gateway's tags get the zone's
 * name, replacing any value given. Dataplanes that Atrium's Kubernetes controller made from a Pod
 * ({@code kuma.io/env: kubernetes}) are left as sent: there, as in Kuma's Pod converter, the controller
 * sets the tag from its own zone setting, and a store that changed them would make its desired state
 * unreachable.
 */
final class ZoneTags {
  private ZoneTags() {}

  static final String ZONE_TAG = "kuma.io/zone";

  static Resource apply(Resource r, String zone) {
    if (r.kind() != ResourceKind.DATAPLANE || zone == null || zone.isEmpty()) return r;
    if ("kubernetes".equals(r.meta().labels().get("kuma.io/env"))) return r;
    DataplaneSpec spec = r.specAs(DataplaneSpec.class);
    Networking n = spec.networking();
    if (n == null) return r;
    List<Inbound> inbounds = n.inbound().stream().map(in -> new Inbound(in.port(), in.servicePort(),
        in.serviceAddress(), in.address(), withZone(in.tags(), zone), in.health(), in.serviceProbe(), in.state(),
        in.name())).toList();
    Gateway gateway = n.gateway() == null ? null : new Gateway(withZone(n.gateway().tags(), zone), n.gateway().type());
    Networking tagged = new Networking(n.address(), n.advertisedAddress(), inbounds, n.outbound(), gateway,
        n.transparentProxying(), n.admin());
    return new Resource(r.kind(), r.meta(), new DataplaneSpec(tagged, spec.metrics(), spec.probes()));
  }

  private static Map<String, String> withZone(Map<String, String> tags, String zone) {
    Map<String, String> out = new TreeMap<>(tags);
    out.put(ZONE_TAG, zone);
    return out;
  }
}
