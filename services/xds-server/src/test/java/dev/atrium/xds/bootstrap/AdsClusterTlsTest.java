package dev.atrium.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.testing.Seeds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The proxy's ADS connection is TLS, verified as Kuma's bootstrap verifies it. */
class AdsClusterTlsTest {
  private static final Resource KONG = ResourceCodec.decode(Seeds.read("dataplane-kong-01-delegated.yaml"));

  @Test
  void theAgentsCaIsTrustedInlineAndTheDialledHostIsTheSniAndTheSan() throws Exception {
    String ca = CertificateIssuer.systemClock().selfSigned(CertificateRequest.ca("cp", Duration.ofDays(1))).certificatePem();
    BootstrapRequest request = withCa(ca);

    JsonNode tls = adsTls(BootstrapGenerator.generate(KONG, null, request, "xds.example", 5678, 9901));

    assertThat(tls.get("sni").asText()).isEqualTo("xds.example");
    JsonNode common = tls.get("common_tls_context");
    assertThat(common.at("/tls_params/tls_minimum_protocol_version").asText()).isEqualTo("TLSv1_2");
    assertThat(common.get("alpn_protocols").toString()).isEqualTo("[\"h2\"]");
    assertThat(common.at("/validation_context/trusted_ca/inline_string").asText()).isEqualTo(ca);
    assertThat(common.at("/validation_context/match_typed_subject_alt_names").toString()).isEqualTo(
        "[{\"san_type\":\"DNS\",\"matcher\":{\"exact\":\"xds.example\"}},"
            + "{\"san_type\":\"IP_ADDRESS\",\"matcher\":{\"exact\":\"xds.example\"}}]");
  }

  @Test
  void withoutACaTheSystemsCasAreTrusted() throws Exception {
    JsonNode tls = adsTls(BootstrapGenerator.generate(KONG, "127.0.0.1", 5678, 9901, false));

    assertThat(tls.at("/common_tls_context/validation_context/trusted_ca/filename").asText())
        .isEqualTo("/etc/ssl/certs/ca-certificates.crt");
  }

  private static BootstrapRequest withCa(String ca) throws Exception {
    return Mappers.JSON.readerFor(BootstrapRequest.class).readValue(
        Mappers.JSON.createObjectNode().put("mesh", "default").put("name", "kong-01").put("caCert", ca));
  }

  private static JsonNode adsTls(String yaml) throws Exception {
    JsonNode root = Mappers.YAML.readTree(yaml);
    for (JsonNode cluster : root.at("/static_resources/clusters")) {
      if (cluster.get("name").asText().equals("ads_cluster")) {
        assertThat(cluster.at("/transport_socket/name").asText()).isEqualTo("envoy.transport_sockets.tls");
        return cluster.at("/transport_socket/typed_config");
      }
    }
    throw new AssertionError("no ads_cluster in\n" + yaml);
  }
}
