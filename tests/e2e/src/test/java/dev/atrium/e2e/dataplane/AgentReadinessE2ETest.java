package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * atrium-dp's readiness port as a kubelet probes it: the agent runs as the injected sidecar does
 * ({@code run --name} for a Dataplane the Pod controller registers, plus {@code --readiness-port}), and
 * the probe goes to another address of this machine, 127.0.0.2, standing for the Pod's IP. Envoy's admin
 * must not answer there: it listens on 127.0.0.1 only.
 */
class AgentReadinessE2ETest extends WithControlPlane {
  private static final String POD_IP = "127.0.0.2";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void answersWithEnvoysStateFromStartToShutdown() throws Exception {
    int adminPort = Ports.free();
    int readinessPort = Ports.free();
    String probe = "http://" + POD_IP + ":" + readinessPort;
    // A long drain, so the answer during it is there to be seen before the agent exits.
    DataplaneAgent agent = track(DataplaneAgent.byName(xds, "default", "gw.kuma-demo", adminPort,
        dir.resolve("agents"), "--readiness-port", String.valueOf(readinessPort), "--drain-time", "10s"));
    CompletableFuture<DataplaneAgent> started = CompletableFuture.supplyAsync(() -> agent.start(WAIT));

    Http.Reply waiting = await(probe + "/ready", r -> true);
    assertThat(waiting.status()).as("no Dataplane yet, so no bootstrap and no Envoy").isEqualTo(503);
    assertThat(waiting.body()).isEqualTo("envoy not started\n");

    int port = Ports.free();
    put("meshgateways", "edge", httpGateway("edge", port));
    put("dataplanes", "gw.kuma-demo", builtinGateway("gw.kuma-demo", "edge"));
    started.get();
    Http.Reply live = await(probe + "/ready", r -> r.status() == 200);
    assertThat(live.body()).as("Envoy's own answer").isEqualTo("LIVE\n");

    assertThatThrownBy(() -> Http.get("http://" + POD_IP + ":" + adminPort + "/ready"))
        .as("Envoy's admin is on 127.0.0.1 only").isInstanceOf(UncheckedIOException.class);
    assertThat(agent.admin().ready()).as("and there it answers").isTrue();
    for (String path : new String[] {"/stats", "/config_dump", "/quitquitquit"}) {
      assertThat(Http.get(probe + path).status()).as("nothing of the admin but its state: " + path).isEqualTo(404);
    }

    CompletableFuture<Integer> stopped = CompletableFuture.supplyAsync(agent::stop); // SIGTERM
    Http.Reply shuttingDown = await(probe + "/ready", r -> r.status() != 200);
    assertThat(stopped).as("seen while Envoy drains, before the agent exits").isNotDone();
    assertThat(shuttingDown.status()).isEqualTo(503);
    assertThat(shuttingDown.body()).isEqualTo("shutting down\n");
    assertThat(agent.admin().ready()).as("Envoy itself still serves while it drains").isTrue();
    assertThat(stopped.get()).isZero();
  }

  /** Asks {@code url} until it answers as wanted; fails with the last answer after {@link #WAIT}. */
  private static Http.Reply await(String url, Predicate<Http.Reply> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        Http.Reply reply = Http.get(url);
        if (wanted.test(reply)) return reply;
        last = reply.status() + " " + reply.body();
      } catch (UncheckedIOException notListeningYet) {
        last = notListeningYet.getMessage();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("GET " + url + " not as wanted after " + WAIT + "; last: " + last);
  }
}
