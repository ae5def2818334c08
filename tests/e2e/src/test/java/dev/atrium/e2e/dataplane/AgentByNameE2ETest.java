package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code atrium-dp run --name} as the injected sidecar runs on Kubernetes: the agent does not register
 * the Dataplane (the Pod controller does), waits until it exists, gets its config, and leaves the
 * Dataplane in place when it stops.
 */
class AgentByNameE2ETest extends WithControlPlane {

  @Test
  void waitsForTheDataplaneAndLeavesItWhenStopped() throws Exception {
    int adminPort = Ports.free();
    DataplaneAgent agent = track(DataplaneAgent.byName(xds, "default", "gw.kuma-demo", adminPort, dir.resolve("agents")));
    CompletableFuture<DataplaneAgent> started = CompletableFuture.supplyAsync(() -> agent.start(Duration.ofSeconds(60)));
    Thread.sleep(2000);
    assertThat(started).as("no config before the Dataplane exists").isNotDone();

    int port = Ports.free();
    put("meshgateways", "edge", httpGateway("edge", port));
    put("dataplanes", "gw.kuma-demo", builtinGateway("gw.kuma-demo", "edge"));
    started.get();
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> agent.admin().listenerNames().contains("edge:HTTP:" + port)))
        .as("the gateway's listener arrives once the Dataplane exists").isTrue();

    assertThat(agent.stop()).isZero();
    assertThat(Http.get(store.apiUrl() + "/meshes/default/dataplanes/gw.kuma-demo").status())
        .as("the Dataplane stays: its owner removes it").isEqualTo(200);
  }
}
