package dev.atrium.core.snapshot;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
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
   * Every service of {@code mesh} that the ZoneIngresses of other zones (those with a {@code zone}) can
   * reach there: one endpoint per ingress and tag set, at the address other zones connect to, weighted by
   * the instances behind it. The traffic crosses by SNI under mesh TLS, so a mesh without mTLS gets none,
   * as in Kuma; neither does an ingress with no address to reach it on.
   */
  static Map<String, List<Endpoint>> remote(String mesh, List<Resource> zoneIngresses) {
    Map<String, List<Endpoint>> byService = new TreeMap<>();
    for (Resource ingress : zoneIngresses) {
      ZoneIngressSpec spec = ingress.specAs(ZoneIngressSpec.class);
      if (spec.zone() == null || spec.zone().isEmpty() || spec.networking() == null) continue;
      String address = spec.networking().publicAddress();
      Integer port = spec.networking().publicPort();
      if (address == null || port == null || port == 0) continue;
      for (ZoneIngressSpec.AvailableService available : spec.availableServices()) {
        String service = available.tags().get(KumaTags.SERVICE);
        int instances = available.instances() == null ? 0 : available.instances();
        if (!mesh.equals(available.mesh()) || service == null || instances < 1) continue;
        byService.computeIfAbsent(service, s -> new ArrayList<>())
            .add(new Endpoint(address, port, available.tags(), ingress.name(), spec.zone(), instances));
      }
    }
    return byService;
  }

  /** {@code local} and {@code remote} together, each service's list in {@link Endpoint#ORDER}. */
  static Map<String, List<Endpoint>> merge(Map<String, List<Endpoint>> local, Map<String, List<Endpoint>> remote) {
    if (remote.isEmpty()) return local;
    Map<String, List<Endpoint>> out = new TreeMap<>(local);
    remote.forEach((service, endpoints) -> {
      List<Endpoint> all = new ArrayList<>(local.getOrDefault(service, List.of()));
      all.addAll(endpoints);
      all.sort(Endpoint.ORDER);
      out.put(service, List.copyOf(all));
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
