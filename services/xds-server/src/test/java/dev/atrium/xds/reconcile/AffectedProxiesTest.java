package dev.atrium.xds.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.follow.Change;
import dev.atrium.follow.ResourceIndex;
import dev.atrium.xds.ads.ProxyId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which proxies a change touches: exactly those whose config can differ because of it. */
class AffectedProxiesTest {
  static final ProxyId CLIENT_X = new ProxyId("default", "client-x");
  static final ProxyId CLIENT_Y = new ProxyId("default", "client-y");
  static final ProxyId GATEWAY = new ProxyId("default", "gw");
  static final ProxyId OTHER_MESH = new ProxyId("other", "client-x");
  static final List<ProxyId> CONNECTED = List.of(CLIENT_X, CLIENT_Y, GATEWAY, OTHER_MESH);

  private final DependencyIndex deps = new DependencyIndex();
  private final ResourceIndex index = new ResourceIndex();

  AffectedProxiesTest() {
    deps.update(CLIENT_X, Set.of("x"));
    deps.update(CLIENT_Y, Set.of("y"));
    deps.update(OTHER_MESH, Set.of("x"));
  }

  @Test
  void aNewEndpointOfXAffectsOnlyXsClientsInThatMesh() {
    Change change = new Change(ResourceKind.DATAPLANE, "default", "x-2", null, dataplane("x-2", "x"));
    assertThat(AffectedProxies.of(List.of(change), CONNECTED, deps, index)).containsExactly(CLIENT_X);
  }

  @Test
  void aDataplaneMovingFromXToYAffectsBothServicesClients() {
    Change change = new Change(ResourceKind.DATAPLANE, "default", "b", dataplane("b", "x"), dataplane("b", "y"));
    assertThat(AffectedProxies.of(List.of(change), CONNECTED, deps, index)).containsExactlyInAnyOrder(CLIENT_X, CLIENT_Y);
  }

  @Test
  void aProxysOwnDataplaneChangeAffectsItself() {
    Change change = new Change(ResourceKind.DATAPLANE, "default", "client-y", null, dataplane("client-y", "unrelated"));
    assertThat(AffectedProxies.of(List.of(change), CONNECTED, deps, index)).containsExactly(CLIENT_Y);
  }

  @Test
  void aMeshChangeAffectsEveryProxyOfThatMeshOnly() {
    Change change = new Change(ResourceKind.MESH, "default", "default", null, null);
    assertThat(AffectedProxies.of(List.of(change), CONNECTED, deps, index))
        .containsExactlyInAnyOrder(CLIENT_X, CLIENT_Y, GATEWAY);
  }

  @Test
  void aPolicyChangeAffectsEveryProxyOfItsMeshOnly() {
    for (ResourceKind kind : List.of(ResourceKind.MESH_TRAFFIC_PERMISSION, ResourceKind.TRAFFIC_PERMISSION,
        ResourceKind.MESH_TIMEOUT, ResourceKind.MESH_CIRCUIT_BREAKER, ResourceKind.MESH_FAULT_INJECTION,
        ResourceKind.MESH_RATE_LIMIT, ResourceKind.MESH_RETRY, ResourceKind.MESH_LOAD_BALANCING_STRATEGY,
        ResourceKind.MESH_PROXY_PATCH, ResourceKind.EXTERNAL_SERVICE, ResourceKind.PROXY_TEMPLATE,
        ResourceKind.TIMEOUT, ResourceKind.RETRY, ResourceKind.CIRCUIT_BREAKER, ResourceKind.RATE_LIMIT,
        ResourceKind.FAULT_INJECTION, ResourceKind.MESH_HEALTH_CHECK, ResourceKind.HEALTH_CHECK,
        ResourceKind.MESH_ACCESS_LOG, ResourceKind.TRAFFIC_LOG)) {
      Change change = new Change(kind, "default", "allow-x", null, null);
      assertThat(AffectedProxies.of(List.of(change), CONNECTED, deps, index)).as(kind.toString())
          .containsExactlyInAnyOrder(CLIENT_X, CLIENT_Y, GATEWAY);
    }
  }

  @Test
  void aRouteChangeAlsoReachesTheZonesIngressWhichServesTheSubsetsRoutesAskFor() {
    ProxyId ingress = ProxyId.ingress("zi-1");
    List<ProxyId> connected = List.of(CLIENT_X, ingress);
    for (ResourceKind kind : List.of(ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE)) {
      Change change = new Change(kind, "default", "to-v2", null, null);
      assertThat(AffectedProxies.of(List.of(change), connected, deps, index)).as(kind.toString()).contains(ingress);
    }
    Change timeout = new Change(ResourceKind.MESH_TIMEOUT, "default", "t", null, null);
    assertThat(AffectedProxies.of(List.of(timeout), connected, deps, index)).as("a timeout shapes no ingress")
        .doesNotContain(ingress);
  }

  @Test
  void gatewayKindsAffectOnlyBuiltinGateways() {
    index.put(ResourceCodec.decode("""
        type: Dataplane
        name: gw
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags: {kuma.io/service: edge}
        """));
    Change change = new Change(ResourceKind.MESH_GATEWAY, "default", "edge", null, null);
    assertThat(AffectedProxies.of(List.of(change), CONNECTED, deps, index)).containsExactly(GATEWAY);
  }

  @Test
  void aMeshsCaSecretAffectsEveryProxyOfItsMeshAndTheCrossMeshOnesAnOrdinarySecretOnlyGateways() {
    index.put(ResourceCodec.decode("""
        type: Mesh
        name: default
        mtls:
          enabledBackend: ca-1
          backends:
          - name: ca-1
            type: builtin
        """));
    Change ca = new Change(ResourceKind.SECRET, "default", "default.ca-builtin-key-ca-1", null, null);
    Change other = new Change(ResourceKind.SECRET, "default", "some-listener-cert", null, null);
    Set<ProxyId> crossMesh = Set.of(OTHER_MESH);

    assertThat(AffectedProxies.of(List.of(ca), CONNECTED, deps, index, crossMesh))
        .containsExactlyInAnyOrder(CLIENT_X, CLIENT_Y, GATEWAY, OTHER_MESH);
    assertThat(AffectedProxies.of(List.of(other), CONNECTED, deps, index, crossMesh)).isEmpty();
  }

  @Test
  void aSecretAnExternalServicesTlsReadsAffectsEveryProxyOfItsMesh() {
    index.put(ResourceCodec.decode("""
        type: ExternalService
        mesh: default
        name: httpbin
        networking:
          address: httpbin.org:443
          tls:
            enabled: true
            caCert: {secret: httpbin-ca}
        tags: {kuma.io/service: httpbin}
        """));
    Change caCert = new Change(ResourceKind.SECRET, "default", "httpbin-ca", null, null);
    Change other = new Change(ResourceKind.SECRET, "default", "some-listener-cert", null, null);

    assertThat(AffectedProxies.of(List.of(caCert), CONNECTED, deps, index))
        .containsExactlyInAnyOrder(CLIENT_X, CLIENT_Y, GATEWAY);
    assertThat(AffectedProxies.of(List.of(other), CONNECTED, deps, index)).isEmpty();
  }

  @Test
  void disconnectedProxiesAreNeverReconciled() {
    Change change = new Change(ResourceKind.DATAPLANE, "default", "x-2", null, dataplane("x-2", "x"));
    assertThat(AffectedProxies.of(List.of(change), List.of(CLIENT_Y), deps, index)).isEmpty();
  }

  private static Resource dataplane(String name, String service) {
    return ResourceCodec.decode("""
        type: Dataplane
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: 10001
              tags: {kuma.io/service: %s}
        """.formatted(name, service));
  }
}
