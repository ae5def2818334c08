package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.prometheus.Promtool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard shipped with the chart: valid JSON, every panel has a query, and every query
 * is valid PromQL — checked by the real promtool, by turning each into a recording rule.
 */
class DashboardTest {
  static final Path DASHBOARD = RepoPaths.root().resolve("charts/atrium/dashboards/atrium-overview.json");

  @TempDir Path dir;

  @Test
  void everyPanelQueryIsValidPromQl() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as("panel %s has a query", panel.path("title").asText()).isNotEmpty();
      panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
    }
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(10).allMatch(e -> !e.isBlank());
    assertThat(String.join("\n", exprs)).contains("envoy_http_downstream_rq_total", "atrium_xds_delivery_seconds_bucket",
        "atrium_mesh_proxies", "atrium_webhook_admission_seconds_bucket");

    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      rules.append("      - record: atrium:dashboard:panel").append(i + 1).append("\n        expr: ")
          .append(new ObjectMapper().writeValueAsString(exprs.get(i))).append('\n');
    }
    Path file = dir.resolve("dashboard-rules.yaml");
    Files.writeString(file, rules);
    Process promtool = new ProcessBuilder(Promtool.path().toString(), "check", "rules", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as("promtool check rules:\n%s", out).isZero();
  }
}
