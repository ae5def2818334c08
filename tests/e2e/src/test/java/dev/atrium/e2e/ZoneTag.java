package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Gateway;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store writes {@code kuma.io/zone} into a universal Dataplane's inbound and gateway tags, as a
 * Kuma universal zone does; a read-back equals what was sent once that tag is checked and set aside.
 */
public final class ZoneTag {
  private ZoneTag() {}

  public static final String TAG = "kuma.io/zone";

  /** Checks that every inbound and the gateway of a stored Dataplane carry the zone, then returns it without. */
  public static Resource checkedAndRemoved(Resource stored, String zone) {
    if (stored.kind() != ResourceKind.DATAPLANE) return stored;
    DataplaneSpec spec = stored.specAs(DataplaneSpec.class);
    Networking n = spec.networking();
    if (n == null) return stored;
    n.inbound().forEach(in -> assertThat(in.tags()).as("inbound tags of " + stored.name()).containsEntry(TAG, zone));
    if (n.gateway() != null) assertThat(n.gateway().tags()).as("gateway tags of " + stored.name()).containsEntry(TAG, zone);
    Networking without = new Networking(n.address(), n.advertisedAddress(), n.inbound().stream()
        .map(in -> new Inbound(in.port(), in.servicePort(), in.serviceAddress(), in.address(), remove(in.tags()),
            in.health(), in.serviceProbe(), in.state(), in.name())).toList(), n.outbound(),
        n.gateway() == null ? null : new Gateway(remove(n.gateway().tags()), n.gateway().type()),
        n.transparentProxying(), n.admin());
    return new Resource(stored.kind(), stored.meta(), new DataplaneSpec(without, spec.metrics(), spec.probes()));
  }

  private static Map<String, String> remove(Map<String, String> tags) {
    Map<String, String> out = new TreeMap<>(tags);
    out.remove(TAG);
    return out;
  }
}
