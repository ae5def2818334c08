package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two echo backends, each behind a sidecar run by atrium-dp, and a client sidecar: requests to the
 * client's outbound port are balanced across both; when one backend's agent stops, all traffic moves
 * to the other within a second, with no failed request after that.
 */
class SidecarBalancingE2ETest extends WithControlPlane {

  @Test
  void balancesAcrossBothBackendsAndFailsOverWithinOneSecond() {
    EchoServer echo1 = track(EchoServer.start("echo-1"));
    EchoServer echo2 = track(EchoServer.start("echo-2"));
    agent(sidecar("backend-1", Ports.free(), echo1.port(), "backend", "http"), Ports.free());
    DataplaneAgent backend2 = agent(sidecar("backend-2", Ports.free(), echo2.port(), "backend", "http"), Ports.free());
    int outbound = Ports.free();
    DataplaneAgent client = agent(sidecar("client", Ports.free(), Ports.free(), "client", "http") + """
          outbound:
            - port: %d
              tags:
                kuma.io/service: backend
        """.formatted(outbound), Ports.free());
    String url = "http://127.0.0.1:" + outbound + "/hello";
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> client.admin().clusterHosts("backend").size() == 2))
        .as("client Envoy has both backend endpoints: " + client.admin().clusterHosts("backend")).isTrue();

    int toEcho1 = 0;
    int toEcho2 = 0;
    for (int i = 0; i < 100; i++) {
      Traffic.Reply r = Traffic.get(url);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      if (r.body().contains("echo-1")) toEcho1++;
      if (r.body().contains("echo-2")) toEcho2++;
    }
    assertThat(toEcho1 + toEcho2).isEqualTo(100);
    assertThat(toEcho1).as("round robin reaches echo-1").isBetween(30, 70);
    assertThat(toEcho2).as("round robin reaches echo-2").isBetween(30, 70);

    long stoppedAt = System.nanoTime();
    Thread stopper = new Thread(backend2::stop);
    stopper.start();
    List<Traffic.Reply> after = new ArrayList<>();
    while (System.nanoTime() - stoppedAt < Duration.ofSeconds(4).toNanos()) after.add(Traffic.get(url));

    // The last reply that was not a success from echo-1 marks when the switch was complete.
    long switchedAt = stoppedAt;
    for (Traffic.Reply r : after) {
      if (!(r.ok() && r.body().contains("echo-1"))) switchedAt = r.atNanos();
    }
    double switchMillis = (switchedAt - stoppedAt) / 1e6;
    long stillOnEcho2 = after.stream().filter(r -> r.ok() && r.body().contains("echo-2")).count();
    System.out.printf("failover: %d requests in 4 s after the stop, %d failed; %d still answered by the stopping"
        + " backend while it drained, the last %.1f ms after the stop (0 = none)%n",
        after.size(), after.stream().filter(r -> !r.ok()).count(), stillOnEcho2, switchMillis);
    assertThat(switchMillis).as("all traffic on the remaining backend within 1 s").isLessThan(1000);
    assertThat(after.stream().filter(r -> r.atNanos() > stoppedAt + Duration.ofSeconds(1).toNanos()))
        .as("no failed request after the switch").allMatch(r -> r.ok() && r.body().contains("echo-1"));
  }
}
