package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.Seeds;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.nginx.NginxServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A delegated gateway: nginx (standing in for Kong) receives traffic itself and forwards /foo to
 * localhost:33033, where its Envoy — configured from the seeds' kong-01 Dataplane, verbatim —
 * sends it into the mesh. Envoy has an outbound listener only, never an inbound one. Over both
 * state-of-the-world and delta ADS.
 */
class DelegatedGatewayE2ETest extends WithControlPlane {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"state-of-the-world", "delta"})
  void nginxReachesTheMeshThroughItsDelegatedSidecar(String protocol) {
    EchoServer backend = track(EchoServer.start("backend-app"));
    agent(sidecar("backend-1", Ports.free(), backend.port(), "backend", "http"), Ports.free());
    String[] agentArgs = protocol.equals("delta") ? new String[] {"--delta"} : new String[0];
    DataplaneAgent kong = agent(Seeds.read("dataplane-kong-01-delegated.yaml"), Ports.free(), agentArgs);
    NginxServer nginx = track(NginxServer.start("location /foo { proxy_pass http://127.0.0.1:33033; }"));

    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> kong.admin().clusterHosts("backend").size() == 1))
        .as("kong-01's Envoy knows the backend endpoint").isTrue();
    Traffic.Reply reply = Traffic.get(nginx.url() + "/foo");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("backend-app").contains("/foo");
    assertThat(backend.requestCount()).isEqualTo(1);

    assertThat(kong.admin().listenerNames()).as("outbound listener only")
        .containsExactly("outbound:127.0.0.1:33033")
        .noneMatch(name -> name.startsWith("inbound"));
  }
}
