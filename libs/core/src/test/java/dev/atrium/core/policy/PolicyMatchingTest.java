package dev.atrium.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.policy.GatewayPolicies.AttachedRoute;
import dev.atrium.core.policy.GatewayPolicies.Port;
import dev.atrium.core.policy.GatewayPolicies.VirtualHost;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.testsupport.TranslateCases.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The matching rules every policy relies on: which proxies a targetRef selects, which policy wins, which route attaches. */
class PolicyMatchingTest {
  private static final Map<String, String> WEB = Map.of("kuma.io/service", "web", "version", "v1");

  @Test
  void eachTopLevelKindSelectsTheInboundsKumaSelects() {
    Resource dp = sidecar("web-01", Map.of("app", "web"));
    assertThat(TargetRefMatcher.selectsInbound(null, dp, WEB)).as("absent targetRef = Mesh").isTrue();
    assertThat(TargetRefMatcher.selectsInbound(ref("Mesh", null, Map.of()), dp, WEB)).isTrue();
    assertThat(TargetRefMatcher.selectsInbound(ref("MeshSubset", null, Map.of("version", "v1")), dp, WEB)).isTrue();
    assertThat(TargetRefMatcher.selectsInbound(ref("MeshSubset", null, Map.of("version", "v2")), dp, WEB)).isFalse();
    assertThat(TargetRefMatcher.selectsInbound(ref("MeshService", "web", Map.of()), dp, WEB)).isTrue();
    assertThat(TargetRefMatcher.selectsInbound(ref("MeshService", "api", Map.of()), dp, WEB)).isFalse();
    assertThat(TargetRefMatcher.selectsInbound(ref("MeshServiceSubset", "web", Map.of("version", "v1")), dp, WEB)).isTrue();
    assertThat(TargetRefMatcher.selectsInbound(ref("MeshServiceSubset", "web", Map.of("version", "v2")), dp, WEB)).isFalse();
    assertThat(TargetRefMatcher.selectsInbound(ref("Dataplane", "web-01", Map.of()), dp, WEB)).isTrue();
    assertThat(TargetRefMatcher.selectsInbound(ref("Dataplane", "web-02", Map.of()), dp, WEB)).isFalse();
    assertThat(TargetRefMatcher.selectsInbound(ref("Dataplane", null, Map.of()), dp, WEB)).as("every Dataplane").isTrue();
    TargetRef byLabels = new TargetRef("Dataplane", null, null, null, Map.of(), Map.of("app", "web"), List.of(), null);
    assertThat(TargetRefMatcher.selectsInbound(byLabels, dp, WEB)).isTrue();
    TargetRef gatewaysOnly = new TargetRef("Mesh", null, null, null, Map.of(), Map.of(), List.of("Gateway"), null);
    assertThat(TargetRefMatcher.selectsInbound(gatewaysOnly, dp, WEB)).as("proxyTypes: [Gateway] on a sidecar").isFalse();
    assertThat(TargetRefMatcher.selectsInbound(ref("MeshGateway", "edge", Map.of()), dp, WEB)).isFalse();
  }

  @Test
  void toPoliciesSelectAProxyByAnyInboundOrGatewayListener() {
    Resource dp = sidecar("web-01", Map.of("app", "web"));
    assertThat(TargetRefMatcher.selectsProxy(ref("MeshService", "web", Map.of()), dp, java.util.Optional.empty())).isTrue();
    assertThat(TargetRefMatcher.selectsProxy(ref("MeshService", "api", Map.of()), dp, java.util.Optional.empty())).isFalse();
    assertThat(TargetRefMatcher.selectsProxy(ref("Dataplane", "web-01", Map.of()), dp, java.util.Optional.empty())).isTrue();

    Case c = TranslateCases.load("builtin-gateway-newer-kind-wins");
    Resource gatewayDp = c.snapshot().dataplane(c.dataplane()).orElseThrow();
    var gateway = ProxyPolicies.resolve(c.snapshot(), gatewayDp).gateway();
    assertThat(TargetRefMatcher.selectsProxy(ref("MeshGateway", "edge-gateway", Map.of()), gatewayDp, gateway)).isTrue();
    assertThat(TargetRefMatcher.selectsProxy(ref("MeshGateway", "other", Map.of()), gatewayDp, gateway)).isFalse();
    assertThat(TargetRefMatcher.selectsProxy(ref("Dataplane", gatewayDp.name(), Map.of()), gatewayDp, gateway))
        .as("Kuma: a Dataplane targetRef never selects a builtin gateway").isFalse();
    String service = gatewayDp.specAs(DataplaneSpec.class).networking().gateway().tags().get("kuma.io/service");
    assertThat(TargetRefMatcher.selectsProxy(ref("MeshService", service, Map.of()), gatewayDp, gateway)).isTrue();
  }

  @Test
  void aConsumerPolicyAppliesOnlyInItsOwnNamespace() {
    Resource dp = sidecar("web-01.shop", Map.of(TargetRefMatcher.NAMESPACE_LABEL, "shop"));
    Resource own = labeled(mtp("own", null), Map.of("kuma.io/policy-role", "consumer", TargetRefMatcher.NAMESPACE_LABEL, "shop"));
    Resource other = labeled(mtp("other", null), Map.of("kuma.io/policy-role", "consumer", TargetRefMatcher.NAMESPACE_LABEL, "blog"));
    Resource system = labeled(mtp("system", null), Map.of(TargetRefMatcher.NAMESPACE_LABEL, "kuma-system"));
    assertThat(TargetedPolicies.forInbound(List.of(own, other, system),
        r -> r.specAs(MeshTrafficPermissionSpec.class).targetRef(), dp, WEB).stream().map(Resource::name))
        .containsExactly("system", "own");
  }

  @Test
  void policiesMergeFromLeastToMostSpecificAndTheFirstByNameLast() {
    List<Resource> policies = new ArrayList<>(List.of(
        mtp("z-service", ref("MeshService", "web", Map.of())),
        mtp("b-mesh", ref("Mesh", null, Map.of())),
        mtp("a-mesh", null),
        mtp("subset", ref("MeshServiceSubset", "web", Map.of("version", "v1"))),
        mtp("dp", ref("Dataplane", "web-01", Map.of())),
        mtp("team", ref("MeshSubset", null, Map.of("team", "x")))));
    policies.sort(Specificity.mergeOrder(r -> r, r -> r.specAs(MeshTrafficPermissionSpec.class).targetRef()));
    assertThat(policies.stream().map(Resource::name))
        .containsExactly("b-mesh", "a-mesh", "dp", "team", "z-service", "subset");
  }

  @Test
  void aNarrowEntryAnotherPolicyOverridesForAllItsCallersIsDropped() {
    Origin o = Origin.of(ResourceKind.MESH_TRAFFIC_PERMISSION, "p");
    List<FromRules.Rule<String>> rules = FromRules.build(List.of(
        new FromRules.Entry<>(Map.of("kuma.io/service", "bad"), "DENY", o),
        new FromRules.Entry<>(Map.of(), "ALLOW", o)));
    assertThat(rules).extracting(FromRules.Rule::conf).containsExactly("ALLOW");
  }

  @Test
  void theNewerKindReplacesMeshGatewayRoutesOnlyOnItsListener() {
    GatewayPolicies policies = gatewayPolicies("builtin-gateway-newer-kind-wins");
    Port http8080 = policies.ports().stream().filter(p -> p.port() == 8080).findFirst().orElseThrow();
    Port http8081 = policies.ports().stream().filter(p -> p.port() == 8081).findFirst().orElseThrow();
    assertThat(http8080.routes().hosts()).allSatisfy(h -> {
      assertThat(h.newerKind()).isTrue();
      assertThat(h.routes()).allSatisfy(r -> assertThat(r.route().kind()).isEqualTo(ResourceKind.MESH_HTTP_ROUTE));
    });
    assertThat(http8081.routes().hosts()).allSatisfy(h -> {
      assertThat(h.newerKind()).isFalse();
      assertThat(h.routes()).allSatisfy(r -> assertThat(r.route().kind()).isEqualTo(ResourceKind.MESH_GATEWAY_ROUTE));
    });
  }

  @Test
  void routesWithHostnamesOnTheWildcardListenerGetTheirOwnHosts() {
    GatewayPolicies policies = gatewayPolicies("builtin-gateway-redistribute-wildcard-routes");
    List<VirtualHost> hosts = policies.ports().get(0).routes().hosts();
    assertThat(hosts).extracting(VirtualHost::host)
        .containsExactly("api.example.com", "foo.example.com", "*.example.com", "*");
    assertThat(routes(hosts, "foo.example.com")).containsExactly("foo", "wild");
    assertThat(routes(hosts, "api.example.com")).containsExactly("api");
    assertThat(routes(hosts, "*")).containsExactly("any");
  }

  private static List<String> routes(List<VirtualHost> hosts, String host) {
    return hosts.stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow()
        .routes().stream().map(AttachedRoute::route).map(Resource::name).toList();
  }

  private static GatewayPolicies gatewayPolicies(String name) {
    Case c = TranslateCases.load(name);
    return ProxyPolicies.resolve(c.snapshot(), c.snapshot().dataplane(c.dataplane()).orElseThrow())
        .gateway().orElseThrow();
  }

  private static TargetRef ref(String kind, String name, Map<String, String> tags) {
    return new TargetRef(kind, name, null, null, tags, Map.of(), List.of(), null);
  }

  private static Resource mtp(String name, TargetRef top) {
    return new Resource(ResourceKind.MESH_TRAFFIC_PERMISSION, ResourceMeta.of("default", name),
        new MeshTrafficPermissionSpec(top, List.of(), List.of()));
  }

  private static Resource labeled(Resource r, Map<String, String> labels) {
    return new Resource(r.kind(), r.meta().withLabels(labels), r.spec());
  }

  private static Resource sidecar(String name, Map<String, String> labels) {
    DataplaneSpec spec = new DataplaneSpec(new DataplaneSpec.Networking("10.0.0.1", null,
        List.of(new DataplaneSpec.Inbound(8080, 18080, null, null, WEB, null, null, null, "http")),
        List.of(), null, null, null), null, null);
    return new Resource(ResourceKind.DATAPLANE, ResourceMeta.of("default", name).withLabels(labels), spec);
  }
}
