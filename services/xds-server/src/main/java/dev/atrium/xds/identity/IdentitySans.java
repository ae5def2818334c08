package dev.atrium.xds.identity;

import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The names a proxy's certificate carries, as Kuma derives them: {@code spiffe://<mesh>/<service>} for
 * every {@code kuma.io/service} of the Dataplane (its inbounds' tags, or a gateway's tags), then
 * {@code kuma://<tag>/<value>} for every tag and value, both sorted. A Dataplane without a service
 * takes its {@code kuma.io/workload} label as the service; without either it has no identity.
 */
public final class IdentitySans {
  public static final String SERVICE_TAG = "kuma.io/service";
  public static final String WORKLOAD_LABEL = "kuma.io/workload";

  private IdentitySans() {}

  /** @throws IdentityException with Kuma's text when the Dataplane names no service */
  public static List<URI> of(String mesh, Resource dataplane) {
    Map<String, Set<String>> tags = tags(dataplane.specAs(DataplaneSpec.class));
    if (tags.getOrDefault(SERVICE_TAG, Set.of()).isEmpty()) {
      String workload = dataplane.meta().labels().get(WORKLOAD_LABEL);
      if (workload == null || workload.isEmpty()) {
        throw new IdentityException("dataplane \"" + dataplane.name() + "\" has no " + SERVICE_TAG + " tag and no "
            + WORKLOAD_LABEL + " label, cannot derive mTLS identity");
      }
      tags = new TreeMap<>(Map.of(SERVICE_TAG, new TreeSet<>(Set.of(workload))));
    }
    List<URI> out = new ArrayList<>();
    for (String service : tags.get(SERVICE_TAG)) out.add(URI.create(MeshTlsIr.spiffeId(mesh, service)));
    tags.forEach((tag, values) -> values.forEach(v -> out.add(URI.create("kuma://" + tag + "/" + v))));
    return List.copyOf(out);
  }

  private static Map<String, Set<String>> tags(DataplaneSpec spec) {
    Map<String, Set<String>> out = new TreeMap<>();
    DataplaneSpec.Networking n = spec.networking();
    if (n == null) return out;
    if (n.gateway() != null && n.gateway().tags() != null) add(out, n.gateway().tags());
    for (DataplaneSpec.Inbound in : n.inbound()) {
      if (in.tags() != null) add(out, in.tags());
    }
    return out;
  }

  private static void add(Map<String, Set<String>> out, Map<String, String> tags) {
    tags.forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
  }
}
