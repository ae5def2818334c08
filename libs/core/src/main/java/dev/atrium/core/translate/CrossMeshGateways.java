package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ListenerIr.Direction;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.VirtualHostIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builtin gateways reached from another mesh (MeshGateway listeners with {@code crossMesh: true}), both
 * sides: the gateway's listener ({@link #withInternalHost}) and a Dataplane's explicit outbound tagged
 * {@code kuma.io/service: <gateway service>, kuma.io/mesh: <other mesh>} ({@link #outbound}).
 */
final class CrossMeshGateways {
  private CrossMeshGateways() {}

  /** The tag an outbound names another mesh with. */
  static final String MESH_TAG = "kuma.io/mesh";

  /** The name every mesh reaches a cross-mesh gateway by: {@code internal.<gateway>.<mesh>.mesh}. */
  static String internalHost(String gateway, String mesh) {
    return "internal." + gateway + "." + mesh + ".mesh";
  }

  /**
   * A cross-mesh listener's routes also answer for the gateway's internal name: added to the virtual host
   * of the first listener's hostname, unless that host already takes any name ({@code *}).
   */
  static RouteIr withInternalHost(RouteIr route, String host, String internal) {
    List<VirtualHostIr> hosts = new ArrayList<>();
    boolean added = false;
    for (VirtualHostIr vh : route.virtualHosts()) {
      if (!added && vh.domains().contains(host) && !vh.domains().contains("*")) {
        List<String> domains = new ArrayList<>(vh.domains());
        domains.add(internal);
        vh = new VirtualHostIr(vh.name(), domains, vh.routes(), vh.requireTls(), vh.responseHeaders());
        added = true;
      }
      hosts.add(vh);
    }
    return new RouteIr(route.name(), hosts, route.ignorePortInHostMatching());
  }

  /**
   * An outbound to {@code service} in {@code otherMesh}: an HTTP listener to the cluster
   * {@code <service>_<otherMesh>}, whose hosts are the cross-mesh listeners of that mesh's gateway
   * Dataplanes of the service, reached with mesh TLS (this proxy's identity, the gateway's SPIFFE ID
   * checked against every mesh's CA). No endpoints unless both meshes have mTLS on: a cross-mesh
   * listener is only served with mTLS, and only mesh TLS is accepted there.
   */
  static void outbound(OtherMeshes others, String otherMesh, String service, String address, int port,
      TransparentProxy redirect, ProxyIrBuilder out) {
    String name = ProxyNames.outboundListener(address, port);
    String cluster = ProxyNames.crossMeshCluster(service, otherMesh);
    ListenerIr listener = ListenerIr.http(name, Direction.OUTBOUND, address, port, service,
        RouteTables.allTo(name, service, cluster));
    if (!out.addListener(listener.withBinding(redirect.outboundBinding(address)))) return;
    Optional<MeshSnapshot> other = others.snapshot(otherMesh);
    ClusterIr ir = ClusterIr.eds(cluster, service, true);
    List<EndpointsIr.Endpoint> endpoints = List.of();
    if (out.mtls() != null) {
      ir = ir.withTls(MeshTls.crossMeshUpstream(out.mtls(), otherMesh, service));
      out.needAllMeshesCa();
      if (other.isPresent() && MeshTls.enabled(other.get())) endpoints = gatewayEndpoints(other.get(), service);
    }
    out.addCluster(ir);
    out.addEndpoints(new EndpointsIr(cluster, endpoints));
  }

  /** Every builtin gateway Dataplane of {@code service} in {@code mesh}, at each cross-mesh port of its MeshGateway. */
  static List<EndpointsIr.Endpoint> gatewayEndpoints(MeshSnapshot mesh, String service) {
    List<EndpointsIr.Endpoint> endpoints = new ArrayList<>();
    for (Resource dp : mesh.all(ResourceKind.DATAPLANE)) {
      DataplaneSpec spec = dp.specAs(DataplaneSpec.class);
      if (!spec.isBuiltinGateway() || !service.equals(spec.networking().gateway().tags().get(KumaTags.SERVICE))) continue;
      String address = notEmpty(spec.networking().advertisedAddress())
          ? spec.networking().advertisedAddress() : spec.networking().address();
      if (!notEmpty(address)) continue;
      Optional<Resource> gateway = GatewayTranslator.select(mesh, spec.networking().gateway().tags());
      if (gateway.isEmpty() || gateway.get().specAs(MeshGatewaySpec.class).conf() == null) continue;
      gateway.get().specAs(MeshGatewaySpec.class).conf().listeners().stream()
          .filter(l -> l.isCrossMesh() && l.port() != null && l.protocol() == MeshGatewaySpec.Protocol.HTTP)
          .map(MeshGatewaySpec.Listener::port)
          .distinct()
          .forEach(p -> endpoints.add(new EndpointsIr.Endpoint(address, p, 1)));
    }
    return endpoints;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
