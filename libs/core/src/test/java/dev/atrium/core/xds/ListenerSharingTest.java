package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.PoliciesIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.RateLimitIr;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.RouteIr.VirtualHostIr;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.policy.Origin;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A listener is shared by what it is built from: two gateways whose tables differ only in their routes get
 * the same listener (the routes travel by RDS), but a table where a route limits requests needs the local
 * rate-limit filter, so that listener is a different one.
 */
class ListenerSharingTest {

  private static RouteRuleIr rule(String path) {
    return new RouteRuleIr(null, path, null, null, null, null, "backend", null, null, null, null, null, null, null,
        Origin.of(ResourceKind.MESH_GATEWAY_ROUTE, "r" + path));
  }

  private static ListenerIr gateway(List<RouteRuleIr> rules) {
    RouteIr table = new RouteIr("edge:HTTP:8080:*", List.of(new VirtualHostIr("*", List.of("*"), rules, false, new TreeMap<>())), true);
    return ListenerIr.http("edge:HTTP:8080", ListenerIr.Direction.GATEWAY, "127.0.0.1", 8080, "edge", table);
  }

  private static Listener listener(ListenerIr ir, SharedResources shared) {
    ListenerGenerator generator = new ListenerGenerator();
    XdsResources.Builder out = XdsResources.builder("gw", shared);
    generator.generate(new ProxyIr("default", "gw", ProxyKind.BUILTIN_GATEWAY, List.of(ir), List.of(), List.of(),
        new TreeSet<>()), out);
    return (Listener) out.resources(XdsTypes.LISTENER).get(0);
  }

  @Test
  void tablesDifferingOnlyInRoutesShareTheListenerAndARateLimitedRouteDoesNot() {
    SharedResources shared = SharedResources.create();
    Listener few = listener(gateway(List.of(rule("/a"))), shared);
    Listener more = listener(gateway(List.of(rule("/a"), rule("/b"))), shared);
    assertThat(more).isSameAs(few);

    RateLimitIr limit = new RateLimitIr(new RateLimitIr.RateIr(5, Duration.ofSeconds(1)), null, null, null, null, null);
    Listener limited = listener(gateway(List.of(rule("/a"), rule("/b").withPolicies(PoliciesIr.NONE.withRateLimit(limit)))), shared);
    assertThat(limited).isNotSameAs(few).isNotEqualTo(few);
    // What sharing hands out is what building alone gives.
    assertThat(limited).isEqualTo(listener(gateway(List.of(rule("/a"), rule("/b").withPolicies(PoliciesIr.NONE.withRateLimit(limit)))),
        SharedResources.none()));
    assertThat(few).isEqualTo(listener(gateway(List.of(rule("/z"))), SharedResources.none()));
  }
}
