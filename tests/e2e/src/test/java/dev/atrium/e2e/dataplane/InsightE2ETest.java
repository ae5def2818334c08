package dev.atrium.e2e.dataplane;

import dev.atrium.e2e.Atriumctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proxy status kept in the store (DataplaneInsight) and shown by {@code atriumctl inspect dataplanes},
 * with the real store, xds-server, atrium-dp and Envoy: a sidecar shows Online with updates and no
 * errors; a config Envoy rejects is reported with its text while the last good one keeps serving; a
 * stopped agent's Dataplane and insight both disappear.
 */
class InsightE2ETest extends WithControlPlane {
  @Test
  void sidecarIsOnlineWhileItRunsAndGoneWithItsInsightAfterItsAgentStops() throws Exception {
    EchoServer echo = track(EchoServer.start("echo"));
    DataplaneAgent agent = agent(sidecar("backend-1", Ports.free(), echo.port(), "backend", "http"), Ports.free());

    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> totalAcked("backend-1") > 0)).as("insight written: " + overview("backend-1")).isTrue();
    Map<String, String> row = inspectRow("backend-1");
    System.out.println("inspect dataplanes:\n" + inspect().stdout());
    assertThat(row.get("STATUS")).isEqualTo("Online");
    assertThat(Long.parseLong(row.get("TOTAL UPDATES"))).isGreaterThan(0);
    assertThat(row.get("TOTAL ERRORS")).isEqualTo("0");
    assertThat(row.get("TAGS")).as("the store adds the zone tag, as a Kuma universal zone")
        .isEqualTo("kuma.io/protocol=http,kuma.io/service=backend,kuma.io/zone=default");
    assertThat(row.get("LAST CONNECTED AGO")).matches("\\d+s");

    // The REST surface: Kuma's overview paths, the insight readable but not writable.
    String api = store.apiUrl() + "/meshes/default/";
    JsonNode list = Http.get(api + "dataplanes/_overview").json();
    assertThat(list.get("total").asInt()).isEqualTo(1);
    JsonNode item = list.get("items").get(0);
    assertThat(item.get("type").asText()).isEqualTo("DataplaneOverview");
    assertThat(item.get("kri").asText()).isEqualTo("kri_dp_default_default__backend-1_");
    assertThat(item.at("/dataplane/networking/inbound/0/servicePort").asInt()).isEqualTo(echo.port());
    JsonNode sub = item.at("/dataplaneInsight/subscriptions/0");
    assertThat(sub.get("controlPlaneInstanceId").asText()).isNotEmpty();
    assertThat(sub.get("id").asText()).startsWith(sub.get("controlPlaneInstanceId").asText() + ":");
    assertThat(sub.at("/version/envoy/version").asText()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(sub.at("/status/lds/acceptedVersion").asText()).isNotEmpty();
    assertThat(sub.at("/version/kumaDp/version").asText()).as("atrium-dp's version, from its bootstrap request")
        .isNotEmpty();
    JsonNode meshInsight = Http.get(store.apiUrl() + "/mesh-insights/default").json();
    assertThat(meshInsight.at("/dataplanes/online").asInt()).as(meshInsight.toString()).isOne();
    assertThat(meshInsight.at("/dataplanesByType/standard/online").asInt()).isOne();
    assertThat(meshInsight.at("/dpVersions/envoy").fieldNames().next())
        .isEqualTo(sub.at("/version/envoy/version").asText());
    assertThat(Http.get(api + "dataplanes/_overview?gateway=true").json().get("total").asInt()).isZero();
    assertThat(Http.get(api + "dataplanes/_overview?tag=kuma.io/service:back").json().get("total").asInt()).isOne();
    assertThat(Http.get(api + "dataplanes/backend-1/_overview").json().get("dataplaneInsight").has("subscriptions"))
        .isTrue();
    assertThat(Http.get(api + "dataplanes/backend-1").json().get("type").asText())
        .as("the resource path is not shadowed by the overview paths").isEqualTo("Dataplane");
    assertThat(Http.get(api + "dataplanes/nope/_overview").status()).isEqualTo(404);
    Http.Reply insight = Http.get(api + "dataplane-insights/backend-1");
    assertThat(insight.status()).isEqualTo(200);
    assertThat(insight.json().get("type").asText()).isEqualTo("DataplaneInsight");
    Http.Reply put = Http.put(api + "dataplane-insights/backend-1", insight.body(), "application/json");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.json().get("title").asText()).isEqualTo("Method not Allowed");
    assertThat(Http.delete(api + "dataplane-insights/backend-1").status()).isEqualTo(405);
    JsonNode kinds = Http.get(store.apiUrl() + "/_resources").json().get("resources");
    assertThat(kinds.findValues("name").stream().map(JsonNode::asText)).contains("DataplaneInsight");
    // The insights are the control planes' record (a proxy's, a zone's): read-only, as in Kuma.
    for (JsonNode k : kinds) {
      assertThat(k.get("readOnly").asBoolean()).as(k.get("name").asText())
          .isEqualTo(java.util.Set.of("DataplaneInsight", "ZoneInsight", "ZoneIngressInsight").contains(k.get("name").asText()));
    }

    assertThat(agent.stop()).isZero(); // deregisters: the store deletes the Dataplane and its insight

    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> Http.get(api + "dataplanes").json().get("total").asInt() == 0)).isTrue();
    Thread.sleep(1500); // the xds-server's disconnect write comes after the deregistration
    assertThat(Http.get(api + "dataplane-insights").json().get("total").asInt())
        .as("the disconnect did not bring the insight back").isZero();
    Atriumctl.Result after = inspect();
    assertThat(after.stdout()).isEqualTo("No resources found in mesh default.\n");
  }

  @Test
  void aRejectedConfigIsShownWithEnvoysErrorWhileTheLastGoodOneKeepsServing() throws Exception {
    EchoServer echo = track(EchoServer.start("echo"));
    agent(sidecar("backend", Ports.free(), echo.port(), "backend", "http"), Ports.free());
    int goodPort = Ports.free();
    String clientSidecar = sidecar("client", Ports.free(), Ports.free(), "client", "http");
    agent(clientSidecar + outbounds(goodPort), Ports.free());
    String good = "http://127.0.0.1:" + goodPort + "/hello";
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> Http.get(good).status() == 200)).as("the client's outbound serves").isTrue();

    // Envoy accepts what validation accepts except what the host refuses: a listener on a port another
    // process holds cannot bind, and Envoy NACKs that LDS update with its own error text.
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Http.Reply reply = Http.put(store.apiUrl() + "/meshes/default/dataplanes/client",
          clientSidecar + outbounds(goodPort, port), "application/yaml");
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);

      assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> totalRejected("client") >= 1)).as(overview("client").toString()).isTrue();
      JsonNode lds = overview("client").at("/dataplaneInsight/subscriptions/0/status/lds");
      System.out.println("rejected LDS in the insight: " + lds);
      assertThat(lds.get("lastRejection").asText()).contains(String.valueOf(port));
      assertThat(lds.get("rejectedVersion").asText()).isNotEqualTo(lds.get("acceptedVersion").asText());

      System.out.println("inspect dataplanes:\n" + inspect().stdout());
      Map<String, String> row = inspectRow("client");
      assertThat(row.get("STATUS")).isEqualTo("Online");
      assertThat(Long.parseLong(row.get("TOTAL ERRORS"))).isGreaterThanOrEqualTo(1);
      String shown = row.get("LAST ERROR");
      String full = lds.get("lastRejection").asText().replaceAll("\\s+", " ").trim();
      assertThat(shown).contains("cannot bind");
      assertThat(full).contains(shown.endsWith("...") ? shown.substring(0, shown.length() - 3) : shown);
      assertThat(Atriumctl.run(store.apiUrl(), "inspect", "dataplanes", "-o", "json").stdout())
          .contains("\"lastRejection\"").contains(String.valueOf(port));
      assertThat(inspectRow("backend").get("TOTAL ERRORS")).isEqualTo("0");

      assertThat(Http.get(good).status()).as("the last good config keeps serving").isEqualTo(200);
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private Atriumctl.Result inspect() {
    Atriumctl.Result r = Atriumctl.run(store.apiUrl(), "inspect", "dataplanes");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r;
  }

  /** One row of the inspect table by NAME, as header → cell (columns are separated by 3+ spaces). */
  private Map<String, String> inspectRow(String name) {
    String[] lines = inspect().stdout().split("\n");
    List<String> headers = Arrays.asList(lines[0].split(" {3,}"));
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(" {3,}");
      if (cells.length > 1 && cells[1].equals(name)) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < headers.size(); c++) row.put(headers.get(c), c < cells.length ? cells[c] : "");
        return row;
      }
    }
    throw new AssertionError("no row for " + name + " in:\n" + String.join("\n", lines));
  }

  private JsonNode overview(String name) {
    return Http.get(store.apiUrl() + "/meshes/default/dataplanes/" + name + "/_overview").json();
  }

  private long totalAcked(String name) {
    return overview(name).at("/dataplaneInsight/subscriptions/0/status/total/responsesAcknowledged").asLong(0);
  }

  private long totalRejected(String name) {
    return overview(name).at("/dataplaneInsight/subscriptions/0/status/total/responsesRejected").asLong(0);
  }

  /** Appended to {@link #sidecar}'s networking: outbounds to backend on each port. */
  private static String outbounds(int... ports) {
    StringBuilder yaml = new StringBuilder("  outbound:\n");
    for (int port : ports) {
      yaml.append("    - port: ").append(port).append("\n      tags:\n        kuma.io/service: backend\n");
    }
    return yaml.toString();
  }
}
