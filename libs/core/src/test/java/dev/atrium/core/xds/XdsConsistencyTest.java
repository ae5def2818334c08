package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ListenerIr.Direction;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.RouteIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An IR that would make Envoy wait or fail never becomes XdsResources. */
class XdsConsistencyTest {

  private static ProxyIr ir(List<ListenerIr> listeners, List<ClusterIr> clusters, List<EndpointsIr> endpoints) {
    return new ProxyIr("default", "web-01", ProxyKind.SIDECAR, listeners, clusters, endpoints, null);
  }

  private static RouteIr routeTo(String name, String cluster) {
    return new RouteIr(name, List.of(new RouteIr.VirtualHostIr("vh", List.of("*"),
        List.of(new RouteIr.RouteRuleIr("/", cluster)))));
  }

  @Test
  void anEdsClusterWithoutAssignmentIsRefused() {
    ProxyIr ir = ir(List.of(ListenerIr.tcp("outbound:127.0.0.1:10002", Direction.OUTBOUND, "127.0.0.1", 10002, "b", "b")),
        List.of(ClusterIr.eds("b", "b", false)), List.of());
    assertThatThrownBy(() -> XdsTranslator.translate(ir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("inconsistent xDS configuration for proxy default/web-01: "
            + "EDS cluster \"b\" has no ClusterLoadAssignment in EDS");
  }

  @Test
  void routesAndTcpProxiesToMissingClustersAreRefused() {
    ProxyIr ir = ir(List.of(
            ListenerIr.http("outbound:127.0.0.1:10002", Direction.OUTBOUND, "127.0.0.1", 10002, "a",
                routeTo("outbound:127.0.0.1:10002", "a")),
            ListenerIr.tcp("outbound:127.0.0.1:10003", Direction.OUTBOUND, "127.0.0.1", 10003, "c", "c")),
        List.of(), List.of());
    assertThatThrownBy(() -> XdsTranslator.translate(ir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("listener \"outbound:127.0.0.1:10003\" sends traffic to cluster \"c\", which is not in CDS")
        .hasMessageContaining("route configuration \"outbound:127.0.0.1:10002\" sends traffic to cluster \"a\", which is not in CDS");
  }

  @Test
  void aListenerWhoseRouteConfigurationIsMissingIsRefused() {
    XdsResources.Builder out = XdsResources.builder("default/web-01");
    new ListenerGenerator().generate(ir(List.of(ListenerIr.http("l", Direction.OUTBOUND, "127.0.0.1", 10002, "a",
        routeTo("r", "a"))), List.of(), List.of()), out);
    assertThatThrownBy(out::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("listener \"l\" uses route configuration \"r\", which is not in RDS");
  }

  @Test
  void twoResourcesOfOneNameAreRefused() {
    XdsResources.Builder out = XdsResources.builder("default/web-01")
        .add(Cluster.newBuilder().setName("x").build())
        .add(Cluster.newBuilder().setName("x").build());
    assertThatThrownBy(out::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two Cluster resources are named \"x\"");
  }

  @Test
  void aFilterChainWhoseCertificateIsNotInSdsIsRefused() {
    ListenerIr listener = ListenerIr.sni("gw:TLS:9443", Direction.GATEWAY, "127.0.0.1", 9443, "gw",
        List.of(new dev.atrium.core.ir.FilterChainIr("foo.example.com",
            new dev.atrium.core.ir.FilterChainIr.TlsIr(List.of("cert.rsa:secret:gone"), List.of()), null,
            List.of(new dev.atrium.core.ir.WeightedCluster("b", 1)))));
    XdsResources.Builder out = XdsResources.builder("default/web-01");
    new ListenerGenerator().generate(ir(List.of(listener), List.of(), List.of()), out);
    out.add(Cluster.newBuilder().setName("b").build());
    assertThatThrownBy(out::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("inconsistent xDS configuration for proxy default/web-01: "
            + "listener \"gw:TLS:9443\" uses certificate \"cert.rsa:secret:gone\", which is not in SDS");
  }

  @Test
  void theRouteConfigurationNameIsReadFromTheManagerBytesAsAFullParseReadsIt() throws Exception {
    var hcm = io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.newBuilder()
        .setStatPrefix("outbound")
        .addHttpFilters(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter.newBuilder()
            .setName("envoy.filters.http.router"))
        .setRds(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds.newBuilder()
            .setRouteConfigName("outbound:b"))
        .build();
    com.google.protobuf.Any packed = com.google.protobuf.Any.pack(hcm);
    org.assertj.core.api.Assertions.assertThat(XdsConsistency.rdsOf(packed)).isEqualTo(hcm.getRds());
    var inline = hcm.toBuilder().setRouteConfig(io.envoyproxy.envoy.config.route.v3.RouteConfiguration.newBuilder()
        .setName("inline")).build();
    org.assertj.core.api.Assertions.assertThat(XdsConsistency.rdsOf(com.google.protobuf.Any.pack(inline))).isNull();
  }
}
