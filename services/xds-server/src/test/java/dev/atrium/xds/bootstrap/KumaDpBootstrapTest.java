package dev.atrium.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.testing.KumaDpFixtures;
import dev.atrium.testing.envoy.EnvoyBinary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kuma-dp 2.14.3's bootstrap request, replayed field for field (libs/testing's fixture): everything it
 * sends is read, the Envoy bootstrap carries it as Kuma's node metadata, the JSON answer is what
 * kuma-dp decodes (base64 bootstrap, kumaSidecarConfiguration) and a real Envoy accepts the bootstrap.
 */
class KumaDpBootstrapTest {
  @TempDir Path dir;

  static final Map<String, String> VALUES = Map.of("INBOUND_PORT", "20001", "APP_PORT", "8080",
      "ADMIN_PORT", "19901", "READINESS_PORT", "9902", "WORKDIR", "/tmp/kuma-dp-backend-01");

  static BootstrapRequest request() throws Exception {
    // As BootstrapEndpoint reads it.
    return Mappers.JSON.readerFor(BootstrapRequest.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(KumaDpFixtures.read(KumaDpFixtures.BOOTSTRAP_REQUEST, VALUES));
  }

  @Test
  void everyFieldKumaDpSendsIsRead() throws Exception {
    BootstrapRequest r = request();

    assertThat(r.mesh()).isEqualTo("default");
    assertThat(r.name()).isEqualTo("backend-01");
    assertThat(r.effectiveProxyType()).isEqualTo("dataplane");
    assertThat(r.dataplaneToken()).startsWith("eyJ");
    assertThat(r.dataplaneTokenPath()).isEqualTo("/etc/kuma/token-backend-01");
    assertThat(r.version().kumaDp().version()).isEqualTo("2.14.3");
    assertThat(r.version().kumaDp().gitTag()).isEqualTo("v2.14.3");
    assertThat(r.version().kumaDp().gitCommit()).hasSize(40);
    assertThat(r.version().kumaDp().buildDate()).isEqualTo("2026-02-12T10:31:07Z");
    assertThat(r.version().envoy().version()).isEqualTo("1.38.2");
    assertThat(r.version().envoy().build()).contains("/1.38.2/Clean/RELEASE/BoringSSL");
    assertThat(r.version().envoy().kumaDpCompatible()).isTrue();
    assertThat(r.caCert()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(r.dynamicMetadata()).containsEntry("HOST_IP", "192.168.10.4");
    assertThat(r.otelEnv().path("pipeEnabled").asBoolean()).isTrue();
    assertThat(r.dnsPort()).isEqualTo(15054);
    assertThat(r.readinessPort()).isEqualTo(9902);
    assertThat(r.appProbeProxyDisabled()).isTrue();
    assertThat(r.operatingSystem()).isEqualTo("linux");
    assertThat(r.features()).hasSize(5).contains("feature-tcp-accesslog-via-named-pipe");
    assertThat(r.wantsDelta()).isFalse();
    assertThat(r.resources().path("maxHeapSizeBytes").asLong()).isEqualTo(2147483648L);
    assertThat(r.workdir()).isEqualTo("/tmp/kuma-dp-backend-01");
    assertThat(r.metricsResources().certPath()).isEqualTo("/var/run/kuma/metrics.crt");
    assertThat(r.metricsResources().keyPath()).isEqualTo("/var/run/kuma/metrics.key");
    assertThat(r.systemCaPath()).isEqualTo("/etc/ssl/certs/ca-certificates.crt");
    assertThat(r.dataplaneConfig().at("/redirect/inbound/port").asInt()).isEqualTo(15006);
    assertThat(r.ipv6Enabled()).isTrue();
    assertThat(r.spireResources().socketPath()).isEmpty();
    // The Dataplane as kuma-dp marshals it (zero creation times, a kri) is one Atrium can register.
    Resource dp = ResourceCodec.decode(r.dataplaneResource());
    assertThat(dp.name()).isEqualTo("backend-01");
  }

  @Test
  void theBootstrapCarriesKumasNodeMetadataAndARealEnvoyAcceptsIt() throws Exception {
    BootstrapRequest r = request();
    Resource dp = ResourceCodec.decode(r.dataplaneResource());
    int admin = BootstrapGenerator.adminPort(dp, r.adminPort());
    String yaml = BootstrapGenerator.generate(dp, null, r, "127.0.0.1", 5678, admin);
    JsonNode bootstrap = Mappers.YAML.readTree(yaml);

    JsonNode node = bootstrap.path("node");
    assertThat(node.path("id").asText()).isEqualTo("default.backend-01");
    assertThat(node.path("cluster").asText()).isEqualTo("backend");
    JsonNode m = node.path("metadata");
    assertThat(m.at("/version/kumaDp/version").asText()).isEqualTo("2.14.3");
    assertThat(m.at("/version/kumaDp/gitTag").asText()).isEqualTo("v2.14.3");
    assertThat(m.at("/version/envoy/version").asText()).isEqualTo("1.38.2");
    assertThat(m.at("/version/envoy/kumaDpCompatible").asBoolean()).isTrue();
    assertThat(m.path("features")).hasSize(5);
    assertThat(m.path("workdir").asText()).isEqualTo("/tmp/kuma-dp-backend-01");
    assertThat(m.path("metricsCertPath").asText()).isEqualTo("/var/run/kuma/metrics.crt");
    assertThat(m.path("metricsKeyPath").asText()).isEqualTo("/var/run/kuma/metrics.key");
    assertThat(m.path("systemCaPath").asText()).isEqualTo("/etc/ssl/certs/ca-certificates.crt");
    assertThat(m.path("ipv6Enabled").asBoolean()).isTrue();
    assertThat(m.path("spireAgent.socketPath").asText()).isEmpty();
    assertThat(m.path("dataplane.proxyType").asText()).isEqualTo("dataplane");
    assertThat(m.path("dataplane.admin.port").asText()).as("the Dataplane's admin port, as a string").isEqualTo("19901");
    assertThat(m.path("dataplane.admin.address").asText()).isEqualTo("127.0.0.1");
    assertThat(m.path("dataplane.dns.port").asText()).isEqualTo("15054");
    assertThat(m.path("dataplane.readinessReporter.port").asText()).isEqualTo("9902");
    assertThat(m.path("dataplane.appProbeProxy.enabled").asText()).isEqualTo("true");
    assertThat(m.path("dataplane.resource").asText()).as("exactly what the agent registered")
        .isEqualTo(r.dataplaneResource());
    assertThat(m.at("/dynamicMetadata/HOST_IP").asText()).isEqualTo("192.168.10.4");
    assertThat(m.at("/transparentProxy/redirect/outbound/port").asInt()).isEqualTo(15001);
    assertThat(m.at("/otelEnvInventory/shared/effectiveProtocol").asText()).isEqualTo("grpc");
    // kuma-dp reads Envoy's admin address from the bootstrap to run its readiness reporter.
    assertThat(bootstrap.at("/admin/address/socket_address/address").asText()).isEqualTo("127.0.0.1");
    assertThat(bootstrap.at("/admin/address/socket_address/port_value").asInt()).isEqualTo(19901);
    assertThat(bootstrap.at("/dynamic_resources/ads_config/api_type").asText()).isEqualTo("GRPC");
    // Envoy presents the agent's token on ADS as Kuma's bootstrap has it: the raw JWT, no "Bearer".
    JsonNode initialMetadata = bootstrap.at("/dynamic_resources/ads_config/grpc_services/0/initial_metadata");
    assertThat(initialMetadata).hasSize(1);
    assertThat(initialMetadata.at("/0/key").asText()).isEqualTo("authorization");
    assertThat(initialMetadata.at("/0/value").asText()).isEqualTo(r.dataplaneToken());

    Path file = Files.writeString(dir.resolve("bootstrap.yaml"), yaml);
    Process envoy = new ProcessBuilder(EnvoyBinary.path().toString(), "--mode", "validate", "-c", file.toString(),
        "--disable-hot-restart").redirectErrorStream(true).start();
    String out = new String(envoy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(envoy.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(envoy.exitValue()).as(out).isZero();
  }

  @Test
  void whatARealKumaDpSentWithItsDefaultsIsReadAndAnsweredAlike() throws Exception {
    BootstrapRequest r = Mappers.JSON.readerFor(BootstrapRequest.class)
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(KumaDpFixtures.read(KumaDpFixtures.BOOTSTRAP_REQUEST_DEFAULTS, VALUES));
    Resource dp = ResourceCodec.decode(r.dataplaneResource());
    JsonNode m = Mappers.YAML.readTree(BootstrapGenerator.generate(dp, null, r, "127.0.0.1", 5678,
        BootstrapGenerator.adminPort(dp, r.adminPort()))).at("/node/metadata");

    assertThat(dp.name()).isEqualTo("kdp-1");
    assertThat(r.dynamicMetadata()).isEmpty();
    assertThat(m.has("dynamicMetadata")).as("an empty map is left out, as Kuma leaves it").isFalse();
    assertThat(m.has("transparentProxy")).isFalse();
    assertThat(m.path("dataplane.admin.port").asText()).isEqualTo("19901");
    assertThat(m.path("dataplane.readinessReporter.port").asText()).isEqualTo("9902");
    assertThat(m.at("/version/kumaDp/gitCommit").asText()).isEqualTo("unknown");
    assertThat(m.at("/version/envoy/version").asText()).isEqualTo("1.40.0");
    assertThat(m.path("otelEnvInventory").toString()).isEqualTo("{\"pipeEnabled\":true}");
  }

  @Test
  void aDataplaneRegisteredElsewhereIsNotRepeatedInTheMetadata() throws Exception {
    BootstrapRequest byName = BootstrapRequest.of("default", "backend-01");
    Resource dp = ResourceCodec.decode(request().dataplaneResource());
    JsonNode m = Mappers.YAML.readTree(BootstrapGenerator.generate(dp, null, byName, "127.0.0.1", 5678, 9901))
        .at("/node/metadata");

    assertThat(m.has("dataplane.resource")).as("Kuma's sign of an agent-registered Dataplane").isFalse();
    assertThat(m.path("dataplane.proxyType").asText()).isEqualTo("dataplane");
    assertThat(m.at("/version/kumaDp").isObject()).isTrue();
    assertThat(m.has("dataplane.readinessReporter.port")).isFalse();
  }

  @Test
  void theJsonAnswerIsWhatKumaDpDecodes() throws Exception {
    BootstrapRequest r = request();
    Resource dp = ResourceCodec.decode(r.dataplaneResource());
    String yaml = BootstrapGenerator.generate(dp, null, r, "127.0.0.1", 5678, 19901);

    JsonNode answer = Mappers.JSON.readTree(KumaDpResponse.of(yaml, dp).toString());

    assertThat(answer.fieldNames()).toIterable().containsExactly("bootstrap", "kumaSidecarConfiguration");
    // Go decodes a []byte field from base64.
    assertThat(new String(Base64.getDecoder().decode(answer.path("bootstrap").asText()), StandardCharsets.UTF_8))
        .isEqualTo(yaml);
    JsonNode sidecar = answer.path("kumaSidecarConfiguration");
    assertThat(sidecar.at("/networking/address").asText()).isEqualTo("127.0.0.1");
    assertThat(sidecar.at("/networking/corefileTemplate").isNull()).as("kuma-dp then uses its own Corefile").isTrue();
    assertThat(sidecar.at("/metrics/aggregate").isArray()).isTrue();
    assertThat(sidecar.at("/metrics/aggregate")).isEmpty();
  }
}
