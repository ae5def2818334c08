package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A service tagged {@code kuma.io/protocol: tcp} is proxied at L4: Envoy's outbound is a tcp_proxy. */
class TcpOutboundE2ETest extends WithControlPlane {

  @Test
  void tcpServiceIsReachedThroughATcpProxy() {
    EchoServer echo = track(EchoServer.start("tcp-backend"));
    agent(sidecar("backend", Ports.free(), echo.port(), "backend", "tcp"), Ports.free());
    int outbound = Ports.free();
    DataplaneAgent client = agent(sidecar("client", Ports.free(), Ports.free(), "client", "tcp") + """
          outbound:
            - port: %d
              tags:
                kuma.io/service: backend
        """.formatted(outbound), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> client.admin().clusterHosts("backend").size() == 1)).isTrue();

    Traffic.Reply reply = Traffic.get("http://127.0.0.1:" + outbound + "/over-tcp");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("tcp-backend").contains("/over-tcp");
    String dump = client.admin().configDump().toString();
    assertThat(dump).contains("envoy.filters.network.tcp_proxy").contains("outbound:127.0.0.1:" + outbound);
  }
}
