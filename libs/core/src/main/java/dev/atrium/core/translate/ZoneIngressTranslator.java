package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ListenerIr.Direction;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.multizone.RequestedSubsets;
import dev.atrium.core.snapshot.Endpoint;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage three for a ZoneIngress: {@code every mesh's snapshot + the ingress ─► proxy IR}. One listener
 * on the ingress's address and port reads the SNI of each TLS connection from another zone —
 * {@code backend{mesh=default}}, as that zone's proxy sent it under mesh TLS — and passes the bytes,
 * still encrypted, to this zone's instances of that service ({@link MeshSnapshot#localEndpointsOf}).
 * The ingress never terminates TLS: the destination's own sidecar does, and checks who called. Only
 * meshes with mTLS are served (without it no zone sends traffic across); a connection whose SNI names
 * nothing served is closed. Pure and deterministic.
 *
 * <p>A route to a subset of another zone's instances sends the subset's SNI
 * ({@code backend{mesh=default,version=v2}}): the ingress serves one for each subset the mesh's routes
 * ask for ({@link RequestedSubsets}) that some local instance carries, to those instances only.
 */
public final class ZoneIngressTranslator {
  private ZoneIngressTranslator() {}

  public static ProxyIr translate(Resource ingress, Collection<MeshSnapshot> meshes) {
    if (ingress.kind() != ResourceKind.ZONE_INGRESS) {
      throw new IllegalArgumentException(ingress.describe() + " is not a ZoneIngress");
    }
    ZoneIngressSpec.Networking net = ingress.specAs(ZoneIngressSpec.class).networking();
    String address = net.address() == null || net.address().isEmpty() ? ProxyNames.ALL_IPV4 : net.address();
    String listener = ProxyNames.inboundListener(address, net.port());
    ProxyIrBuilder out = new ProxyIrBuilder("", ingress.name(), ProxyKind.ZONE_INGRESS);
    List<FilterChainIr> chains = new ArrayList<>();
    List<MeshSnapshot> sorted = new ArrayList<>(meshes);
    sorted.sort(Comparator.comparing(MeshSnapshot::name));
    for (MeshSnapshot mesh : sorted) {
      if (!mesh.mesh().specAs(MeshSpec.class).mtlsEnabled()) continue;
      Map<String, Set<Map<String, String>>> subsets = RequestedSubsets.of(mesh);
      for (String service : mesh.localServices()) {
        String cluster = ProxyNames.ingressCluster(mesh.name(), service);
        chains.add(new FilterChainIr(MeshTls.sni(service, mesh.name(), Map.of()), null, null,
            List.of(new WeightedCluster(cluster, 1))));
        out.addCluster(ClusterIr.eds(cluster, service, false));
        out.addEndpoints(new EndpointsIr(cluster, EndpointHosts.of(mesh.localEndpointsOf(service))));
        out.dependOn(service);
        for (Map<String, String> subset : subsets.getOrDefault(service, Set.of())) {
          List<Endpoint> carrying = mesh.localEndpointsOf(service).stream()
              .filter(e -> subset.entrySet().stream().allMatch(t -> t.getValue().equals(e.tags().get(t.getKey()))))
              .toList();
          if (carrying.isEmpty()) continue; // nothing here to pass it to: the connection is closed, as for an unknown SNI
          String subsetCluster = ProxyNames.subsetCluster(cluster, subset);
          chains.add(new FilterChainIr(MeshTls.sni(service, mesh.name(), subset), null, null,
              List.of(new WeightedCluster(subsetCluster, 1))));
          out.addCluster(ClusterIr.eds(subsetCluster, service, false));
          out.addEndpoints(new EndpointsIr(subsetCluster, EndpointHosts.of(carrying)));
        }
      }
    }
    out.addListener(chains.isEmpty()
        ? ListenerIr.refusing(listener, Direction.INBOUND, address, net.port())
        : ListenerIr.sni(listener, Direction.INBOUND, address, net.port(), null, chains));
    return out.build();
  }
}
