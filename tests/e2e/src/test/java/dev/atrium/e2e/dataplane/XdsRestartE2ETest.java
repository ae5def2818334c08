package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The control plane is not on the data path: while 100 requests per second flow through a sidecar
 * pair, the xds-server is killed (SIGKILL) and restarted. No request fails; both Envoys reconnect to
 * the new server and are in sync with it, with nothing re-sent (versions are content hashes).
 */
class XdsRestartE2ETest extends WithControlPlane {

  @Test
  void killingAndRestartingTheXdsServerFailsNoRequest() throws Exception {
    EchoServer echo = track(EchoServer.start("echo"));
    agent(sidecar("backend", Ports.free(), echo.port(), "backend", "http"), Ports.free());
    int outbound = Ports.free();
    DataplaneAgent client = agent(sidecar("client", Ports.free(), Ports.free(), "client", "http") + """
          outbound:
            - port: %d
              tags:
                kuma.io/service: backend
        """.formatted(outbound), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> client.admin().clusterHosts("backend").size() == 1)).isTrue();
    JsonNode before = ProxyStatusClient.proxy(xds.url(), "client");

    List<Traffic.Reply> replies = new CopyOnWriteArrayList<>();
    // A request every 10 ms, each on a pool thread, so a slow reply never lowers the rate.
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    ExecutorService senders = Executors.newFixedThreadPool(16);
    String url = "http://127.0.0.1:" + outbound + "/";
    load.scheduleAtFixedRate(() -> senders.execute(() -> replies.add(Traffic.get(url))), 0, 10, TimeUnit.MILLISECONDS);
    Thread.sleep(2000);
    xds.killAndRestart();
    boolean reconnected = Traffic.eventually(Duration.ofSeconds(20),
        () -> connected("client") && connected("backend"));
    Thread.sleep(2000);
    load.shutdown();
    load.awaitTermination(10, TimeUnit.SECONDS);
    senders.shutdown();
    senders.awaitTermination(30, TimeUnit.SECONDS);

    long failed = replies.stream().filter(r -> !r.ok()).count();
    System.out.printf("xds-server restart under load: %d requests, %d failed%n", replies.size(), failed);
    assertThat(reconnected).as("both proxies reconnected to the new xds-server").isTrue();
    assertThat(replies.size()).as("about 100 rps for ~6 s").isGreaterThan(300);
    assertThat(failed).as("failed requests").isZero();

    JsonNode after = ProxyStatusClient.proxy(xds.url(), "client");
    for (String type : List.of("Cluster", "ClusterLoadAssignment", "Listener", "RouteConfiguration")) {
      assertThat(after.at("/types/" + type + "/ackedVersion").asText()).as(type + " in sync with the new server")
          .isEqualTo(before.at("/types/" + type + "/ackedVersion").asText());
    }
  }

  private boolean connected(String proxy) {
    try {
      JsonNode p = ProxyStatusClient.proxy(xds.url(), proxy);
      return p != null && p.get("connected").asBoolean();
    } catch (RuntimeException notUpYet) {
      return false;
    }
  }
}
