package dev.atrium.xds.reconcile;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.externalservice.ExternalServiceSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.xds.identity.MeshCaReader;
import dev.atrium.follow.Change;
import dev.atrium.follow.ResourceIndex;
import dev.atrium.xds.ads.ProxyId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The proxies a batch of changes can affect — and no others, so that a change to one service
 * is recomputed and pushed only where it is used:
 * <ul>
 *   <li>a Mesh: every connected proxy in it;
 *   <li>a Dataplane: itself, and the proxies whose config uses a service it offers (before or after);
 *   <li>gateway kinds and Secrets: the builtin gateways of the mesh;
 *   <li>MeshHTTPRoute / MeshTCPRoute: every proxy of the mesh (they may target sidecars too);
 *   <li>MeshTrafficPermission / TrafficPermission: every proxy of the mesh (the inbound RBAC of the
 *       sidecars they select; a builtin gateway consults TrafficPermission for external services);
 *   <li>a Secret holding the mesh's enabled CA (builtin {@code <mesh>.ca-builtin-*-<backend>}, or one a
 *       provided backend names): every proxy of the mesh, whose certificates it signs;
 *   <li>a Mesh or such a CA Secret in any mesh: also the proxies that trust every mesh's CA (cross-mesh).
 * </ul>
 */
final class AffectedProxies {
  private AffectedProxies() {}

  private static final Set<ResourceKind> GATEWAY_KINDS = EnumSet.of(ResourceKind.MESH_GATEWAY,
      ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.MESH_GATEWAY_INSTANCE, ResourceKind.SECRET);

  private static final Set<ResourceKind> INGRESS_KINDS = EnumSet.of(ResourceKind.DATAPLANE, ResourceKind.MESH,
      ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE);

  static Set<ProxyId> of(Collection<Change> changes, Collection<ProxyId> connected, DependencyIndex deps,
      ResourceIndex index) {
    return of(changes, connected, deps, index, Set.of());
  }

  static Set<ProxyId> of(Collection<Change> changes, Collection<ProxyId> connected, DependencyIndex deps,
      ResourceIndex index, Set<ProxyId> allMeshesCaUsers) {
    Set<ProxyId> out = new HashSet<>();
    for (Change c : changes) {
      boolean caChange = c.kind() == ResourceKind.MESH || (c.kind() == ResourceKind.SECRET && isCaSecret(index, c.mesh(), c.name()));
      if (caChange) out.addAll(allMeshesCaUsers);
      // An ExternalService's TLS reads Secrets on any proxy that reaches it, sidecars included.
      if (c.kind() == ResourceKind.SECRET && (caChange || isExternalServiceSecret(index, c.mesh(), c.name()))) {
        connected.stream().filter(p -> p.mesh().equals(c.mesh())).forEach(out::add);
      }
      // A ZoneIngress serves every mesh's services: a proxy, a Mesh (its mTLS) or a route (the subsets it
      // asks for, RequestedSubsets) changing may change it.
      if (INGRESS_KINDS.contains(c.kind())) {
        connected.stream().filter(ProxyId::isIngress).forEach(out::add);
      }
      switch (c.kind()) {
        case ZONE_INGRESS -> {
          ProxyId self = ProxyId.ingress(c.name());
          if (connected.contains(self)) out.add(self);
          // Another zone's ingress is where this zone's proxies reach the services it lists.
          for (Resource r : new Resource[] {c.before(), c.after()}) {
            if (r == null) continue;
            for (ZoneIngressSpec.AvailableService s : r.specAs(ZoneIngressSpec.class).availableServices()) {
              String service = s.tags().get("kuma.io/service");
              if (s.mesh() != null && service != null) out.addAll(deps.usersOf(s.mesh(), service));
            }
          }
        }
        // A policy change may concern any proxy of its mesh: matching it to proxies is the translation's work.
        case MESH, MESH_HTTP_ROUTE, MESH_TCP_ROUTE, MESH_TRAFFIC_PERMISSION, TRAFFIC_PERMISSION, MESH_TIMEOUT,
            MESH_CIRCUIT_BREAKER, MESH_FAULT_INJECTION, MESH_RATE_LIMIT, MESH_RETRY, MESH_LOAD_BALANCING_STRATEGY,
            MESH_PROXY_PATCH, EXTERNAL_SERVICE, PROXY_TEMPLATE, TIMEOUT, RETRY, CIRCUIT_BREAKER, RATE_LIMIT,
            FAULT_INJECTION, MESH_HEALTH_CHECK, HEALTH_CHECK, MESH_ACCESS_LOG, TRAFFIC_LOG ->
            connected.stream().filter(p -> p.mesh().equals(c.mesh())).forEach(out::add);
        case DATAPLANE -> {
          ProxyId self = new ProxyId(c.mesh(), c.name());
          if (connected.contains(self)) out.add(self);
          for (String service : servicesOffered(c.before(), c.after())) out.addAll(deps.usersOf(c.mesh(), service));
        }
        // Global's record of its zones shapes no proxy (the xds-server does not even watch them).
        case ZONE, ZONE_INSIGHT -> { }
        default -> {
          if (GATEWAY_KINDS.contains(c.kind())) {
            connected.stream().filter(p -> p.mesh().equals(c.mesh()))
                .filter(p -> index.get(ResourceKind.DATAPLANE, p.mesh(), p.name())
                    .map(dp -> dp.specAs(DataplaneSpec.class).isBuiltinGateway()).orElse(false))
                .forEach(out::add);
          }
        }
      }
    }
    out.retainAll(Set.copyOf(connected));
    return out;
  }

  /** Whether an ExternalService of {@code mesh} reads {@code secret} for its TLS. */
  private static boolean isExternalServiceSecret(ResourceIndex index, String mesh, String secret) {
    return index.all(ResourceKind.EXTERNAL_SERVICE, mesh).stream()
        .map(r -> r.specAs(ExternalServiceSpec.class).networking())
        .filter(n -> n != null && n.tls() != null)
        .flatMap(n -> java.util.stream.Stream.of(n.tls().caCert(), n.tls().clientCert(), n.tls().clientKey()))
        .anyMatch(ds -> ds != null && secret.equals(ds.secret()));
  }

  /** Whether {@code secret} holds part of {@code mesh}'s enabled CA. */
  private static boolean isCaSecret(ResourceIndex index, String mesh, String secret) {
    return index.mesh(mesh).map(m -> MeshCaReader.secretNames(mesh, m.specAs(MeshSpec.class)).contains(secret)).orElse(false);
  }

  private static Set<String> servicesOffered(Resource... dataplanes) {
    Set<String> services = new HashSet<>();
    for (Resource r : dataplanes) {
      if (r == null) continue;
      DataplaneSpec.Networking n = r.specAs(DataplaneSpec.class).networking();
      if (n == null) continue;
      for (DataplaneSpec.Inbound in : n.inbound()) {
        String s = in.tags().get("kuma.io/service");
        if (s != null) services.add(s);
      }
    }
    return services;
  }
}
