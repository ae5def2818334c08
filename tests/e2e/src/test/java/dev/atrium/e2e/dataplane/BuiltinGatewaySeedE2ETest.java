package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.e2e.Curl;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The seeds' builtin gateway examples, verbatim, on a real Envoy run by atrium-dp from the seeds'
 * gateway-instance-1 Dataplane: the HTTP listener on 8080 routes Host foo.example.com to the demo
 * app and answers any other host 404; the TCP example proxies to its backend.
 */
class BuiltinGatewaySeedE2ETest extends WithControlPlane {
  private static final Pattern DOCUMENTS = Pattern.compile("(?m)^---\\s*$");

  @Test
  void httpSeedRoutesFooExampleComToTheDemoAppAndOtherHostsTo404() throws Exception {
    EchoServer app = track(EchoServer.start("demo-app"));
    agent(sidecar("demo-app-1", Ports.free(), app.port(), "demo-app_kuma-demo_svc_5000", "http"), Ports.free());
    apply(Seeds.read("meshgateway-edge-gateway.yaml"));
    apply(Seeds.read("meshgatewayroute-edge-gateway-route.yaml"));
    DataplaneAgent gateway = agent(Seeds.read("dataplane-gateway-instance-1-builtin.yaml"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(10),
        () -> gateway.admin().clusterHosts("demo-app_kuma-demo_svc_5000").size() == 1)).isTrue();

    Curl.Result routed = Curl.run("-H", "Host: foo.example.com", "http://127.0.0.1:8080/");
    assertThat(routed.status()).as(routed.body()).isEqualTo(200);
    assertThat(routed.body()).contains("demo-app");

    Curl.Result other = Curl.run("-H", "Host: bar.example.com", "http://127.0.0.1:8080/");
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.body()).contains("No route");
    assertThat(app.requestCount()).isEqualTo(1);
  }

  @Test
  void tcpSeedProxiesToItsBackend() throws Exception {
    EchoServer redis = track(EchoServer.start("redis-stand-in"));
    agent(sidecar("redis-1", Ports.free(), redis.port(), "redis_kuma-demo_svc_6379", "tcp"), Ports.free());
    for (String doc : DOCUMENTS.split(Seeds.read("tcp-meshgateway-and-route.yaml"))) apply(doc);
    DataplaneAgent gateway = agent(Seeds.read("dataplane-gateway-instance-1-builtin.yaml"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(10),
        () -> gateway.admin().clusterHosts("redis_kuma-demo_svc_6379").size() == 1)).isTrue();

    // The gateway proxies bytes: an HTTP request through it reaches the TCP backend unchanged.
    Curl.Result reply = Curl.run("http://127.0.0.1:8080/through-tcp");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("redis-stand-in").contains("/through-tcp");
  }

  private void apply(String yaml) {
    Resource r = ResourceCodec.decode(yaml);
    put(r.kind().collection(), r.name(), yaml);
  }
}
