package dev.atrium.metrics.model;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.PrometheusEndpoint;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cheap part of a mesh's metrics, recomputed on every Dataplane or DataplaneInsight change: the
 * scrape targets (every Dataplane with a Prometheus endpoint), proxies online/offline per service, and
 * gateways per type. Everything is sorted, so equal meshes give equal reports.
 */
public record ProxyReport(List<ScrapeTarget> targets, List<ProxyCount> proxies, List<GatewayCount> gateways) {

  public ProxyReport {
    targets = List.copyOf(targets);
    proxies = List.copyOf(proxies);
    gateways = List.copyOf(gateways);
  }

  public static ProxyReport of(MeshSnapshot snapshot) {
    String mesh = snapshot.name();
    MeshSpec meshSpec = snapshot.mesh().specAs(MeshSpec.class);
    List<ScrapeTarget> targets = new ArrayList<>();
    // (service, type) → [offline, online]
    Map<String, Map<GatewayType, int[]>> byService = new TreeMap<>();
    Set<String> delegatedServices = new TreeSet<>();

    for (Resource dp : snapshot.all(ResourceKind.DATAPLANE)) {
      DataplaneSpec spec = dp.specAs(DataplaneSpec.class);
      GatewayType type = GatewayType.of(spec);
      List<String> services = services(spec);
      String first = services.isEmpty() ? "" : services.get(0);
      PrometheusEndpoint.of(meshSpec, spec)
          .ifPresent(e -> targets.add(new ScrapeTarget(mesh, dp.name(), first, type, e)));

      boolean online = snapshot.get(ResourceKind.DATAPLANE_INSIGHT, dp.name())
          .map(i -> i.specAs(DataplaneInsightSpec.class).online()).orElse(false);
      for (String service : services.isEmpty() ? List.of("") : services) {
        byService.computeIfAbsent(service, s -> new EnumMap<>(GatewayType.class))
            .computeIfAbsent(type, t -> new int[2])[online ? 1 : 0]++;
      }
      if (type == GatewayType.DELEGATED) delegatedServices.add(first);
    }

    List<ProxyCount> proxies = new ArrayList<>();
    byService.forEach((service, types) -> types.forEach((type, counts) -> {
      proxies.add(new ProxyCount(mesh, service, type, true, counts[1]));
      proxies.add(new ProxyCount(mesh, service, type, false, counts[0]));
    }));
    List<GatewayCount> gateways = List.of(
        new GatewayCount(mesh, GatewayType.BUILTIN, snapshot.all(ResourceKind.MESH_GATEWAY).size()),
        new GatewayCount(mesh, GatewayType.DELEGATED, delegatedServices.size()));
    return new ProxyReport(targets, proxies, gateways);
  }

  /** The services a Dataplane offers, first one first: a gateway's own tag, else its inbounds' in order. */
  static List<String> services(DataplaneSpec spec) {
    Set<String> out = new LinkedHashSet<>();
    DataplaneSpec.Networking n = spec.networking();
    if (n == null) return List.of();
    if (n.gateway() != null) {
      String s = n.gateway().tags().get(KumaTags.SERVICE);
      if (s != null) out.add(s);
    } else {
      for (DataplaneSpec.Inbound in : n.inbound()) {
        String s = in.tags().get(KumaTags.SERVICE);
        if (s != null) out.add(s);
      }
    }
    return List.copyOf(out);
  }
}
