package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A config Envoy rejects (an outbound on a port another process holds: the listener cannot bind) is
 * reported with Envoy's own error text, the proxy keeps serving its last good config, and the server
 * does not answer the rejection by re-sending the same config (java-control-plane's NACK storm).
 */
class NackE2ETest extends WithControlPlane {

  @Test
  void rejectedConfigIsReportedAndTheLastGoodOneKeepsServing() throws Exception {
    EchoServer echo = track(EchoServer.start("echo"));
    agent(sidecar("backend", Ports.free(), echo.port(), "backend", "http"), Ports.free());
    int goodPort = Ports.free();
    String client = sidecar("client", Ports.free(), Ports.free(), "client", "http") + """
          outbound:
            - port: %d
              tags:
                kuma.io/service: backend
        """.formatted(goodPort);
    var agent = agent(client, Ports.free());
    String good = "http://127.0.0.1:" + goodPort + "/";
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> Traffic.get(good).ok())).isTrue();

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      put("dataplanes", "client", client + """
                - port: %d
                  tags:
                    kuma.io/service: backend
            """.formatted(taken.getLocalPort()));
      assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> nacks() >= 1)).as("the LDS rejection is recorded").isTrue();
      JsonNode lds = ProxyStatusClient.proxy(xds.url(), "client").at("/types/Listener");
      System.out.println("NACK recorded: " + lds);
      assertThat(lds.get("nackError").asText()).contains(String.valueOf(taken.getLocalPort()));
      assertThat(lds.get("ackedVersion").asText()).as("the accepted version stays the last good one")
          .isNotEqualTo(lds.get("nackedVersion").asText());

      long sentAfterNack = lds.get("responsesSent").asLong();
      Thread.sleep(2000);
      assertThat(ProxyStatusClient.sent(xds.url(), "client", "Listener")).as("no re-send of the rejected config")
          .isEqualTo(sentAfterNack);
      assertThat(nacks()).as("one rejection per bad version").isEqualTo(1);
      assertThat(Traffic.get(good).ok()).as("the last good config keeps serving").isTrue();
      assertThat(agent.admin().listenerNames()).doesNotContain("outbound:127.0.0.1:" + taken.getLocalPort());
    }

    // Fixing the Dataplane produces a new version, which Envoy accepts.
    put("dataplanes", "client", client);
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> {
      JsonNode l = ProxyStatusClient.proxy(xds.url(), "client").at("/types/Listener");
      return l.get("ackedVersion").asText().equals(l.get("sentVersion").asText());
    })).as("the fixed config is accepted").isTrue();
  }

  private long nacks() {
    JsonNode p = ProxyStatusClient.proxy(xds.url(), "client");
    return p == null ? 0 : p.at("/types/Listener/nacks").asLong();
  }
}
