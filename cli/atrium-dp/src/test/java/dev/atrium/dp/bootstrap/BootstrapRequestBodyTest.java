package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.dp.envoy.EnvoyVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapRequestBodyTest {
  private static final Resource DATAPLANE = ResourceCodec.decode("""
      type: Dataplane
      mesh: default
      name: kong-01
      networking:
        address: 10.0.0.1
        gateway:
          type: DELEGATED
          tags:
            kuma.io/service: kong
        outbound:
          - port: 33033
            tags:
              kuma.io/service: backend
      """);
  private static final EnvoyVersion ENVOY =
      new EnvoyVersion("1.40.0", "9e5580933739775e8bce696a57a2e1bc99368f23/1.40.0/Clean/RELEASE/BoringSSL");

  @Test
  void hasKumaDpFieldsInKumaDpOrderPlusTheAdminPort() throws Exception {
    JsonNode body = parse(new BootstrapRequestBody(DATAPLANE, "0.1.0", ENVOY, false, Path.of("/tmp/dp"), 9901).toJson());

    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly(
        "mesh", "name", "proxyType", "dataplaneResource", "version", "operatingSystem", "features", "workdir", "adminPort");
    assertThat(body.get("operatingSystem").asText()).as("Go's GOOS spelling").isEqualTo("linux");
    assertThat(body.get("mesh").asText()).isEqualTo("default");
    assertThat(body.get("name").asText()).isEqualTo("kong-01");
    assertThat(body.get("proxyType").asText()).isEqualTo("dataplane");
    assertThat(body.get("workdir").asText()).isEqualTo("/tmp/dp");
    assertThat(body.get("adminPort").asInt()).isEqualTo(9901);
  }

  @Test
  void carriesTheDataplaneAsAJsonStringInUniversalForm() throws Exception {
    JsonNode body = parse(new BootstrapRequestBody(DATAPLANE, "0.1.0", ENVOY, false, Path.of("/w"), 9901).toJson());

    assertThat(body.get("dataplaneResource").isTextual()).isTrue();
    JsonNode resource = parse(body.get("dataplaneResource").asText());
    assertThat(resource.get("type").asText()).isEqualTo("Dataplane");
    assertThat(resource.get("mesh").asText()).isEqualTo("default");
    assertThat(resource.get("name").asText()).isEqualTo("kong-01");
    assertThat(ResourceCodec.decode(body.get("dataplaneResource").asText())).isEqualTo(DATAPLANE);
  }

  @Test
  void reportsItsOwnAndEnvoysVersionsUnderKumaDpsNames() throws Exception {
    JsonNode version = parse(new BootstrapRequestBody(DATAPLANE, "0.1.0", ENVOY, false, Path.of("/w"), 9901).toJson())
        .get("version");

    assertThat(version.at("/kumaDp/version").asText()).isEqualTo("0.1.0");
    assertThat(version.at("/envoy/version").asText()).isEqualTo("1.40.0");
    assertThat(version.at("/envoy/build").asText()).isEqualTo(ENVOY.build());
  }

  @Test
  void namesItsReadinessPortWhenItServesOne() throws Exception {
    JsonNode on = parse(new BootstrapRequestBody("default", "kong-01", null, "0.1.0", ENVOY, false, Path.of("/w"), 9901,
        9902).toJson());
    JsonNode off = parse(new BootstrapRequestBody(DATAPLANE, "0.1.0", ENVOY, false, Path.of("/w"), 9901).toJson());

    assertThat(on.get("readinessPort").asInt()).isEqualTo(9902);
    assertThat(on.has("dataplaneResource")).as("registered elsewhere: named only").isFalse();
    assertThat(off.has("readinessPort")).as("left out when zero, as Go's omitempty").isFalse();
  }

  @Test
  void asksForDeltaXdsThroughKumasFeatureFlag() throws Exception {
    JsonNode sotw = parse(new BootstrapRequestBody(DATAPLANE, "0.1.0", ENVOY, false, Path.of("/w"), 9901).toJson());
    JsonNode delta = parse(new BootstrapRequestBody(DATAPLANE, "0.1.0", ENVOY, true, Path.of("/w"), 9901).toJson());

    assertThat(sotw.get("features").isArray()).isTrue();
    assertThat(sotw.get("features")).isEmpty();
    assertThat(delta.get("features")).extracting(JsonNode::asText).containsExactly("feature-delta-grpc");
  }

  @Test
  void sendsTheDataplaneTokenAndItsFileAsKumaDpDoesButNeverPrintsIt(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("token"), "eyJ.secret.token\n");
    BootstrapRequestBody request = new BootstrapRequestBody("default", "kong-01", null, "0.1.0", ENVOY, false, Path.of("/w"),
        9901, 0, DataplaneToken.of(null, file));
    JsonNode body = parse(request.toJson());

    assertThat(body.get("dataplaneToken").asText()).isEqualTo("eyJ.secret.token");
    assertThat(body.get("dataplaneTokenPath").asText()).isEqualTo(file.toString());
    assertThat(request.toString()).doesNotContain("secret");
    assertThat(parse(new BootstrapRequestBody("default", "kong-01", null, "0.1.0", ENVOY, false, Path.of("/w"), 9901, 0,
        DataplaneToken.of("eyJ.given", null)).toJson()).get("dataplaneToken").asText()).isEqualTo("eyJ.given");
    assertThat(parse(new BootstrapRequestBody(DATAPLANE, "0.1.0", ENVOY, false, Path.of("/w"), 9901).toJson())
        .has("dataplaneToken")).as("no token given, none sent").isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataplaneToken.of(null, dir.resolve("missing")))
        .hasMessageStartingWith("Error: could not read the dataplane token file " + dir.resolve("missing"));
  }

  private static JsonNode parse(String json) throws Exception {
    return new ObjectMapper().readTree(json);
  }
}
