package dev.atrium.ctl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.ctl.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** The parts of the client that need no server: URLs, paths, failure wording. */
class ApiClientTest {

  @Test
  void apiUrlMayEndInSlashesButMustBeHttp() {
    assertThat(ApiClient.normalise("http://127.0.0.1:5681/")).isEqualTo("http://127.0.0.1:5681");
    assertThat(ApiClient.normalise(" https://cp.example.com// ")).isEqualTo("https://cp.example.com");
    assertThatThrownBy(() -> ApiClient.normalise("127.0.0.1:5681")).isInstanceOf(CliException.class)
        .hasMessageContaining("invalid --api-url");
    assertThatThrownBy(() -> ApiClient.normalise("ftp://host")).isInstanceOf(CliException.class);
  }

  @Test
  void pathsFollowKumaScopes() {
    assertThat(ResourcePaths.item(ResourceKind.MESH_GATEWAY, "default", "edge-gateway"))
        .isEqualTo("/meshes/default/meshgateways/edge-gateway");
    assertThat(ResourcePaths.collection(ResourceKind.DATAPLANE, "prod")).isEqualTo("/meshes/prod/dataplanes");
    assertThat(ResourcePaths.item(ResourceKind.MESH, "ignored", "default")).isEqualTo("/meshes/default");
    assertThat(ResourcePaths.collection(ResourceKind.MESH, "ignored")).isEqualTo("/meshes");
    assertThat(ResourcePaths.item(ResourceKind.SECRET, "default", "a b/c")).isEqualTo("/meshes/default/secrets/a%20b%2Fc");
  }

  @Test
  void connectionFailuresAreNamedEvenWhenTheJdkGivesNoMessage() {
    assertThat(ApiClient.reason(new ConnectException())).isEqualTo("connection refused");
    assertThat(ApiClient.reason(new IOException("wrapped", new ConnectException()))).isEqualTo("connection refused");
    assertThat(ApiClient.reason(new HttpConnectTimeoutException("HTTP connect timed out"))).isEqualTo("connection timed out");
    assertThat(new ApiUnreachableException("http://127.0.0.1:5681", "connection refused"))
        .hasMessage("cannot reach the Atrium API at http://127.0.0.1:5681: connection refused");
  }

  @Test
  void compatibilityWarnsOnlyAboutOddIndexes() {
    assertThat(CompatibilityCheck.warningFor(200, "{\"product\":\"Kuma\",\"version\":\"2.14.3\"}")).isNull();
    assertThat(CompatibilityCheck.warningFor(200, "{\"product\":\"Atrium\",\"version\":\"0.1.0\"}")).isNull();
    assertThat(CompatibilityCheck.warningFor(200, "{\"product\":\"Kong Mesh\",\"basedOnKuma\":\"2.14.3\"}")).isNull();
    assertThat(CompatibilityCheck.warningFor(200, "{\"product\":\"Other\"}")).contains("\"Other\"");
    assertThat(CompatibilityCheck.warningFor(200, "{}")).contains("product");
    assertThat(CompatibilityCheck.warningFor(200, "<html/>")).contains("not JSON");
    assertThat(CompatibilityCheck.warningFor(503, "")).contains("HTTP 503");
  }
}
