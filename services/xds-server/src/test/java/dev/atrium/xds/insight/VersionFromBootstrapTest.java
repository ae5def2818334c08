package dev.atrium.xds.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Version;
import dev.atrium.testing.KumaDpFixtures;
import dev.atrium.xds.bootstrap.BootstrapGenerator;
import dev.atrium.xds.bootstrap.BootstrapRequest;
import io.envoyproxy.envoy.config.core.v3.BuildVersion;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.type.v3.SemanticVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The versions in a proxy's insight come from its bootstrap request: the node metadata Atrium's
 * bootstrap gives Envoy (which Envoy sends back on its ADS stream) carries kuma-dp's version and the
 * Envoy version kuma-dp found, and the insight shows exactly those.
 */
class VersionFromBootstrapTest {
  @Test
  void kumaDpsVersionsTravelFromTheRequestThroughTheNodeIntoTheSubscription() throws Exception {
    BootstrapRequest request = Mappers.JSON.readerFor(BootstrapRequest.class)
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(KumaDpFixtures.read(
            KumaDpFixtures.BOOTSTRAP_REQUEST, Map.of("INBOUND_PORT", "20001", "APP_PORT", "8080", "ADMIN_PORT",
                "19901", "READINESS_PORT", "9902", "WORKDIR", "/tmp/w")));
    Resource dp = ResourceCodec.decode(request.dataplaneResource());
    String metadata = Mappers.JSON.writeValueAsString(Mappers.YAML.readTree(
        BootstrapGenerator.generate(dp, null, request, "127.0.0.1", 5678, 19901)).at("/node/metadata"));
    Struct.Builder struct = Struct.newBuilder();
    JsonFormat.parser().merge(metadata, struct);
    // Envoy adds what it knows of itself; the agent's report wins, as in Kuma.
    Node node = Node.newBuilder().setId("default.backend-01").setMetadata(struct)
        .setUserAgentBuildVersion(BuildVersion.newBuilder().setVersion(SemanticVersion.newBuilder()
            .setMajorNumber(1).setMinorNumber(38).setPatch(2))).build();

    Version v = Subscriptions.version(node);

    assertThat(v.kumaDp().version()).isEqualTo("2.14.3");
    assertThat(v.kumaDp().gitTag()).isEqualTo("v2.14.3");
    assertThat(v.kumaDp().gitCommit()).isEqualTo("6f3c2d1b8e0a4c7f9d2e5b1a3c4d6e8f0a1b2c3d");
    assertThat(v.kumaDp().buildDate()).isEqualTo("2026-02-12T10:31:07Z");
    assertThat(v.envoy().version()).isEqualTo("1.38.2");
    assertThat(v.envoy().build()).isEqualTo("9d2a4c1f0e5b7a3c6d8e2f1a4b5c7d9e0f1a2b3c/1.38.2/Clean/RELEASE/BoringSSL");
    assertThat(v.envoy().kumaDpCompatible()).isTrue();
  }

  @Test
  void withoutAnAgentsReportEnvoysOwnVersionIsShown() {
    Node node = Node.newBuilder().setId("default.x").setUserAgentBuildVersion(BuildVersion.newBuilder()
        .setVersion(SemanticVersion.newBuilder().setMajorNumber(1).setMinorNumber(40))).build();

    Version v = Subscriptions.version(node);

    assertThat(v.kumaDp()).isNull();
    assertThat(v.envoy().version()).isEqualTo("1.40.0");
  }
}
