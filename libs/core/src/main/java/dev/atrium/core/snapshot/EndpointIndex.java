package dev.atrium.core.snapshot;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the service → endpoints index of a snapshot once, so that translating N proxies that all
 * call the same services does not scan every Dataplane N times.
 */
final class EndpointIndex {
  private EndpointIndex() {}

  /** Every serving inbound of {@code dataplanes}, grouped by kuma.io/service, each list in {@link Endpoint#ORDER}. */
  static Map<String, List<Endpoint>> build(List<Resource> dataplanes) {
    Map<String, List<Endpoint>> byService = new TreeMap<>();
    for (Resource dp : dataplanes) {
      Networking networking = dp.specAs(DataplaneSpec.class).networking();
      if (networking == null) continue;
      for (Inbound inbound : networking.inbound()) {
        String service = inbound.tags().get(KumaTags.SERVICE);
        String address = address(inbound, networking);
        if (service == null || inbound.port() == null || address == null || !serving(inbound)) continue;
        byService.computeIfAbsent(service, s -> new ArrayList<>())
            .add(new Endpoint(address, inbound.port(), inbound.tags(), dp.name()));
      }
    }
    Map<String, List<Endpoint>> out = new TreeMap<>();
    byService.forEach((service, endpoints) -> {
      endpoints.sort(Endpoint.ORDER);
      out.put(service, List.copyOf(endpoints));
    });
    return Collections.unmodifiableMap(out);
  }

  /**
   * Whether the inbound should receive traffic: Kuma leaves out inbounds whose health says not ready
   * and those in state NotReady (starting or failing probes) or Ignored (excluded on purpose).
   */
  static boolean serving(Inbound inbound) {
    if (inbound.health() != null && Boolean.FALSE.equals(inbound.health().ready())) return false;
    return inbound.state() != Inbound.State.NotReady && inbound.state() != Inbound.State.Ignored;
  }

  /** How other proxies reach the inbound: its own address, the advertised address, the Dataplane address. */
  static String address(Inbound inbound, Networking networking) {
    if (notEmpty(inbound.address())) return inbound.address();
    if (notEmpty(networking.advertisedAddress())) return networking.advertisedAddress();
    return notEmpty(networking.address()) ? networking.address() : null;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
