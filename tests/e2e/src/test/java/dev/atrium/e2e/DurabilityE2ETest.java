package dev.atrium.e2e;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.StoreProcess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.postgres.PostgresServer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write survives the store being killed with SIGKILL: 1000 PUTs, kill -9, restart,
 * and all 1000 are there — on the embedded backend and on PostgreSQL.
 */
class DurabilityE2ETest {
  static final int N = 1000;

  @TempDir Path dir;

  @Test
  void embeddedStoreKeepsEveryAcknowledgedWriteAcrossKill9() {
    try (StoreProcess store = StoreProcess.embedded(dir).start()) {
      assertAllSurviveKill9(store);
    }
  }

  @Test
  void postgresStoreKeepsEveryAcknowledgedWriteAcrossKill9() {
    try (PostgresServer pg = PostgresServer.start();
        StoreProcess store = StoreProcess.postgres(pg, pg.createDatabase("durability"), dir).start()) {
      assertAllSurviveKill9(store);
    }
  }

  private static void assertAllSurviveKill9(StoreProcess store) {
    for (int i = 0; i < N; i++) {
      String name = "gw-" + i;
      Http.Reply r = Http.put(store.apiUrl() + "/meshes/default/meshgateways/" + name, gateway(name, 8000 + (i % 1000)),
          "application/json");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    store.killAndRestart();

    Set<String> names = new HashSet<>();
    String next = store.apiUrl() + "/meshes/default/meshgateways?size=1000";
    while (next != null) {
      JsonNode page = Http.get(next).json();
      page.get("items").forEach(item -> names.add(item.get("name").asText()));
      next = page.get("next").isNull() ? null : page.get("next").asText();
    }
    assertThat(names).hasSize(N);
    for (int i = 0; i < N; i++) assertThat(names).contains("gw-" + i);
    JsonNode one = Http.get(store.apiUrl() + "/meshes/default/meshgateways/gw-999").json();
    assertThat(one.at("/conf/listeners/0/port").asInt()).isEqualTo(8999);
  }

  static String gateway(String name, int port) {
    return """
        {"type":"MeshGateway","mesh":"default","name":"%s",
         "selectors":[{"match":{"kuma.io/service":"%s"}}],
         "conf":{"listeners":[{"port":%d,"protocol":"HTTP","hostname":"%s.example.com"}]}}
        """.formatted(name, name, port, name);
  }
}
