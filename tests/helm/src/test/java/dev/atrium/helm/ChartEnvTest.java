package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every environment variable the chart gives a service is one that service reads (its config mapping
 * or its application.properties), so a renamed property fails here instead of being ignored in a
 * cluster.
 */
class ChartEnvTest {
  /** Deployment → services/ directory. */
  private static final Map<String, String> SERVICES = Map.of("atrium-resource-store", "resource-store",
      "atrium-xds-server", "xds-server", "atrium-admission-webhook", "admission-webhook", "atrium-metrics", "metrics");
  private static Helm helm;

  @BeforeAll
  static void locate() {
    helm = Helm.locate();
  }

  @AfterAll
  static void clean() {
    helm.close();
  }

  @Test
  void readsMappingsAsSmallRyeDoes() {
    assertThat(ServiceConfig.environment("resource-store"))
        .contains("ATRIUM_STORE_BACKEND", "ATRIUM_STORE_EMBEDDED_DATA_DIR", "ATRIUM_STORE_POSTGRES_POOL_SIZE",
            "ATRIUM_STORE_HTTP_PORT", "ATRIUM_STORE_GRPC_HOST");
    assertThat(ServiceConfig.environment("admission-webhook"))
        .contains("ATRIUM_WEBHOOK_TLS_CERT_FILE", "ATRIUM_CONTROLLERS_GATEWAY_CPU_LIMIT", "ATRIUM_WEBHOOK_MANAGEMENT_PORT");
  }

  @ParameterizedTest
  @EnumSource(ChartCases.class)
  void everyVariableTheChartSetsIsReadByItsService(ChartCases c) {
    check(Manifests.parse(helm.renderOk(c.valuesFiles())));
  }

  @Test
  void postgresPasswordAndControllerOptionsToo() {
    check(Manifests.parse(helm.renderOk(List.of(), "--set", "store.backend=postgres",
        "--set", "store.postgres.url=jdbc:postgresql://db:5432/atrium", "--set", "store.postgres.password=x",
        "--set", "webhook.controllers.zone=z1", "--set", "xds.advertisedHost=xds.example")));
  }

  private static void check(Manifests m) {
    for (JsonNode deployment : m.ofKind("Deployment")) {
      String name = deployment.path("metadata").path("name").asText();
      String dir = SERVICES.get(name);
      assertThat(dir).as("a Deployment the test does not know: " + name).isNotNull();
      Set<String> known = ServiceConfig.environment(dir);
      Set<String> unknown = new TreeSet<>();
      deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env").forEach(e -> {
        String var = e.path("name").asText();
        if (var.startsWith("ATRIUM_") && !known.contains(var)) unknown.add(var);
      });
      assertThat(unknown).as(name + " sets variables services/" + dir + " never reads (it reads " + known + ")").isEmpty();
    }
  }
}
