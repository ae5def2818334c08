package dev.atrium.core.translate;

import dev.atrium.core.dns.ServiceVips;
import dev.atrium.core.model.ResourceKind;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ListenerIr.Direction;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import dev.atrium.core.model.dataplane.DataplaneSpec.Outbound;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.snapshot.Endpoint;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbounds, the same for sidecars and delegated gateways: for each {@code networking.outbound}, a
 * listener on its address (127.0.0.1 by default) and port that sends traffic to an EDS cluster named
 * after the destination's kuma.io/service, with that service's ready endpoints as the cluster's hosts.
 *
 * <p>When iptables redirect the application's outgoing traffic, the listeners bind nothing (those on
 * loopback aside) and get their connections from the outbound redirect port ({@link TransparentProxy}).
 *
 * <p>Only tag-addressed outbounds are translated: {@code backendRef} outbounds point at MeshService
 * and friends, which this model does not have yet. Tags other than kuma.io/service (subsets) are not
 * used yet either: the whole service is the destination. An outbound tagged {@code kuma.io/mesh} with
 * another mesh reaches that mesh's cross-mesh gateway ({@link CrossMeshGateways#outbound}).
 *
 * <p>When the mesh has mTLS on, each cluster originates mesh TLS to its service ({@link MeshTls#upstream}).
 * A destination that is an ExternalService the proxy may reach gets that service's address instead, and
 * its TLS if any, never mesh TLS ({@link ExternalServices}).
 */
final class OutboundTranslator {
  private OutboundTranslator() {}

  static void translate(MeshSnapshot mesh, OtherMeshes others, Resource dataplane, Networking networking,
      TransparentProxy redirect, ProxyIrBuilder out) {
    for (int i = 0; i < networking.outbound().size(); i++) {
      outbound(mesh, others, dataplane, networking.outbound().get(i), redirect, out,
          out.dataplaneOrigin("networking.outbound[" + i + "]"));
    }
    // After the Dataplane's own: an explicit outbound on a VIP's address and port wins.
    if (redirect.outboundPort() != null) {
      List<String> reachable = networking.transparentProxying().reachableServices();
      vipOutbounds(mesh, others, dataplane, redirect, reachable, out);
    }
  }

  /**
   * A transparently proxied application dials a service's VIP ({@link ServiceVips}), on port
   * {@value ServiceVips#VIP_PORT}: one outbound per service of the mesh, fed by the outbound redirect
   * port like the Dataplane's own, so {@code echo.mesh} and {@code echo.default.svc.80.mesh} reach the
   * mesh — in this zone or, through their ingresses, in others — without a listed outbound. With
   * {@code transparentProxying.reachableServices} listed, only those (Kuma's way to keep a proxy's config,
   * and the changes that reach it, small).
   */
  private static void vipOutbounds(MeshSnapshot mesh, OtherMeshes others, Resource dataplane, TransparentProxy redirect,
      List<String> reachable, ProxyIrBuilder out) {
    ServiceVips.of(mesh).forEach((service, vip) -> {
      if (!reachable.isEmpty() && !reachable.contains(service)) return;
      outbound(mesh, others, dataplane,
        new Outbound(vip, ServiceVips.VIP_PORT, Map.of(KumaTags.SERVICE, service), null), redirect, out,
          new Origin(ResourceKind.MESH, mesh.name(), "VIP " + vip + " of " + service));
      out.addVip(vip, ServiceVips.hostnames(service));
    });
  }

  private static void outbound(MeshSnapshot mesh, OtherMeshes others, Resource dataplane, Outbound outbound,
      TransparentProxy redirect, ProxyIrBuilder out, Origin origin) {
    String service = outbound.tags().get(KumaTags.SERVICE);
    if (service == null || outbound.port() == null) return;
    String address = outbound.address() != null && !outbound.address().isEmpty()
        ? outbound.address() : ProxyNames.DEFAULT_OUTBOUND_ADDRESS;
    int port = outbound.port();
    String otherMesh = outbound.tags().get(CrossMeshGateways.MESH_TAG);
    if (otherMesh != null && !otherMesh.equals(mesh.name())) {
      CrossMeshGateways.outbound(others, otherMesh, service, address, port, redirect, out, origin);
      return;
    }
    String name = ProxyNames.outboundListener(address, port);
    String cluster = ProxyNames.serviceCluster(service);
    Optional<ExternalServices.Destination> external = ExternalServices.outbound(mesh, dataplane, service, cluster, origin);
    if (external.isPresent()) {
      Protocol protocol = external.get().protocol();
      ListenerIr listener = protocol == Protocol.HTTP
          ? ListenerIr.http(name, Direction.OUTBOUND, address, port, service, RouteTables.allTo(name, service, cluster, origin))
          : ListenerIr.tcp(name, Direction.OUTBOUND, address, port, service, cluster);
      if (out.addListener(listener.withBinding(redirect.outboundBinding(address)))) out.addCluster(external.get().cluster());
      return;
    }
    List<Endpoint> endpoints = mesh.endpointsOf(service);
    Protocol protocol = ProtocolInference.ofEndpoints(endpoints);

    ListenerIr listener = protocol == Protocol.HTTP
        ? ListenerIr.http(name, Direction.OUTBOUND, address, port, service, RouteTables.allTo(name, service, cluster, origin))
        : ListenerIr.tcp(name, Direction.OUTBOUND, address, port, service, cluster);
    if (!out.addListener(listener.withBinding(redirect.outboundBinding(address)))) return;
    ClusterIr edsCluster = ClusterIr.eds(cluster, service, protocol == Protocol.HTTP).withOrigin(origin);
    out.addCluster(out.mtls() == null ? edsCluster : edsCluster.withTls(MeshTls.upstream(out.mtls(), service, Map.of())));
    out.addEndpoints(new EndpointsIr(cluster, EndpointHosts.of(endpoints)));
    out.dependOn(service);
  }
}
