package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.translate.ProxyTranslator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The post-xDS patch stage on a sidecar (origins inbound/outbound): what each operation leaves in the
 * Envoy resources, and that a change which cannot apply or breaks the config is refused, naming the policy.
 */
class ProxyPatcherTest {

  @Test
  void originSelectsOnlyTheOutboundClusterAndADurationIsReplacedWhole() throws Exception {
    XdsResources xds = translate("""
        - cluster:
            operation: Patch
            match: {origin: outbound}
            value: |
              connect_timeout: 0.5s
        """);
    Cluster backend = cluster(xds, "backend");
    Cluster local = cluster(xds, "localhost:18080");
    assertThat(backend.getConnectTimeout().getSeconds()).as("5 s patched with 500 ms is 500 ms, not 5.5 s").isZero();
    assertThat(backend.getConnectTimeout().getNanos()).isEqualTo(500_000_000);
    assertThat(local.getConnectTimeout().getSeconds()).as("the inbound's cluster keeps its 5 s").isEqualTo(5);
  }

  @Test
  void httpFilterAddFirstGoesOnEveryMatchedConnectionManagerAndRemoveTakesItOff() throws Exception {
    XdsResources added = translate("""
        - httpFilter:
            operation: AddFirst
            match: {listenerName: "inbound:10.0.1.1:10001"}
            value: |
              name: envoy.filters.http.buffer
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer
                max_request_bytes: 1024
        """);
    assertThat(httpFilters(added, "inbound:10.0.1.1:10001")).containsExactly("envoy.filters.http.buffer", "envoy.filters.http.router");
    assertThat(httpFilters(added, "outbound:127.0.0.1:10002")).containsExactly("envoy.filters.http.router");
  }

  @Test
  void jsonPatchesEditTheResourceAsEnvoysJson() throws Exception {
    XdsResources xds = translate("""
        - listener:
            operation: Patch
            match: {origin: inbound}
            jsonPatches:
              - op: add
                path: /per_connection_buffer_limit_bytes
                value: 4096
        """);
    assertThat(listener(xds, "inbound:10.0.1.1:10001").getPerConnectionBufferLimitBytes().getValue()).isEqualTo(4096);
    assertThat(listener(xds, "outbound:127.0.0.1:10002").hasPerConnectionBufferLimitBytes()).isFalse();
  }

  @Test
  void aJsonPatchWhosePathIsNotThereIsRefusedNamingThePolicy() {
    assertThatThrownBy(() -> translate("""
        - cluster:
            operation: Patch
            jsonPatches:
              - op: replace
                path: /no_such_field/deeper
                value: 1
        """)).isInstanceOf(RefusedPatchException.class).hasMessageContaining("MeshProxyPatch/patch: modification 0 (cluster)");
  }

  @Test
  void removingTheClusterARouteUsesIsRefusedNotSentWithADanglingName() {
    assertThatThrownBy(() -> translate("""
        - cluster:
            operation: Remove
            match: {name: backend}
        """)).isInstanceOf(RefusedPatchException.class)
        .hasMessageContaining("refused").hasMessageContaining("\"backend\", which is not in CDS");
  }

  @Test
  void removingTheRouterIsRefused() {
    assertThatThrownBy(() -> translate("""
        - httpFilter:
            operation: Remove
            match: {name: envoy.filters.http.router}
        """)).isInstanceOf(RefusedPatchException.class).hasMessageContaining("the last HTTP filter must be the router");
  }

  private static XdsResources translate(String modifications) throws Exception {
    String base = Files.readString(TranslateCases.DIR.resolve("sidecar-http/in.yaml"));
    String policy = """
        ---
        type: MeshProxyPatch
        mesh: default
        name: patch
        spec:
          targetRef:
            kind: Mesh
          default:
            appendModifications:
        """ + modifications.indent(6);
    var resources = ResourceCodec.decodeAll(base + "\n" + policy);
    return XdsTranslator.translate(ProxyTranslator.translate(TranslateCases.snapshot(resources), "web-01"));
  }

  private static Cluster cluster(XdsResources xds, String name) {
    return xds.clusters().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static Listener listener(XdsResources xds, String name) {
    return xds.listeners().stream().filter(l -> l.getName().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> httpFilters(XdsResources xds, String listener) throws InvalidProtocolBufferException {
    HttpConnectionManager hcm = listener(xds, listener).getFilterChains(0).getFilters(0).getTypedConfig()
        .unpack(HttpConnectionManager.class);
    return hcm.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
  }
}
