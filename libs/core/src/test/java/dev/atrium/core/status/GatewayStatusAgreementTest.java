package dev.atrium.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.status.GatewayStatus.BackendStatus;
import dev.atrium.core.status.GatewayStatus.ListenerStatus;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.testsupport.TranslateCases.Case;
import dev.atrium.core.translate.GatewayAttachments;
import dev.atrium.core.translate.ProxyNames;
import dev.atrium.core.translate.ProxyTranslator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report cannot disagree with what Envoy gets: for every builtin gateway among the translation
 * golden cases, the ports of served listeners are the IR's listeners, and the backends of the routes
 * attached to served listeners are the clusters the IR's routes forward to.
 */
class GatewayStatusAgreementTest {

  static Stream<String> builtinGatewayCases() {
    return TranslateCases.names().filter(n -> {
      Case c = TranslateCases.load(n);
      return c.snapshot().dataplane(c.dataplane()).map(d -> d.specAs(DataplaneSpec.class).isBuiltinGateway())
          .orElse(false);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtinGatewayCases")
  void servedListenersAndBackendsAreWhatEnvoyGets(String name) {
    Case c = TranslateCases.load(name);
    Resource dataplane = c.snapshot().dataplane(c.dataplane()).orElseThrow();
    var gateway = GatewayAttachments.gatewayFor(c.snapshot(),
        dataplane.specAs(DataplaneSpec.class).networking().gateway().tags());
    if (gateway.isEmpty()) {
      // Nothing to report on, and nothing served: the gateway's Envoy gets no listener at all.
      assertThat(ProxyTranslator.translate(c.snapshot(), c.dataplane()).listeners()).as("listeners").isEmpty();
      return;
    }
    GatewayStatus status = GatewayStatusReport.of(c.snapshot(), gateway.get().name()).orElseThrow();
    assumeTrue(status.dataplanes().get(0).equals(c.dataplane()), "the report shows another Dataplane's tags");
    ProxyIr ir = ProxyTranslator.translate(c.snapshot(), c.dataplane());

    Set<String> servedPorts = new TreeSet<>();
    Set<String> backends = new TreeSet<>();
    for (ListenerStatus l : status.listeners()) {
      if (!l.served()) continue;
      servedPorts.add(ProxyNames.gatewayListener(status.gateway(), l.protocol(), l.port()));
      l.routes().forEach(r -> r.backends().forEach(b -> backends.add(cluster(b))));
    }
    assertThat(servedPorts).as("served listeners").containsExactlyInAnyOrderElementsOf(
        ir.listeners().stream().map(ListenerIr::name).toList());
    assertThat(backends).as("backends of attached routes").containsExactlyInAnyOrderElementsOf(forwardedTo(ir));
  }

  private static String cluster(BackendStatus b) {
    return b.cluster() == null ? b.service() : b.cluster();
  }

  /** Every cluster a route action or TCP proxy of the IR sends traffic to (mirrors are copies, not routes). */
  private static Set<String> forwardedTo(ProxyIr ir) {
    Set<String> out = new TreeSet<>();
    for (ListenerIr l : ir.listeners()) {
      if (l.cluster() != null) out.add(l.cluster());
      l.weightedClusters().forEach(w -> out.add(w.cluster()));
      route(l.route(), out);
      for (FilterChainIr fc : l.filterChains()) {
        route(fc.route(), out);
        fc.clusters().stream().map(WeightedCluster::cluster).forEach(out::add);
      }
    }
    return out;
  }

  private static void route(RouteIr route, Set<String> out) {
    if (route == null) return;
    route.virtualHosts().forEach(vh -> vh.routes().forEach(r -> {
      if (r.cluster() != null) out.add(r.cluster());
      r.weightedClusters().forEach(w -> out.add(w.cluster()));
    }));
  }
}
