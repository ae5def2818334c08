package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.testing.netns.PodNetwork;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy's credentials checked where an attacker would stand: atrium-dp and its Envoy inside a pod's
 * network namespace (not loopback), as the proxy's uid, dialling the xds-server on the veth's host side
 * over HTTPS. Its own token is served; another Dataplane's token is refused before anything is
 * registered, and Envoy never runs with a listener. Needs root (network namespaces), as
 * TransparentProxyE2ETest.
 */
class ProxyTokenFromPodE2ETest {
  @TempDir static Path dir;
  static PodNetwork pod;
  static StoreProcess store;
  static XdsServerProcess xds;

  @BeforeAll
  static void controlPlane() {
    pod = PodNetwork.create();
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).listenOn(pod.hostAddress()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {xds, store, pod}) {
      if (c != null) c.close();
    }
  }

  @Test
  void aPodsProxyIsServedWithItsOwnTokenAndRefusedWithAnothers() throws Exception {
    try (DataplaneAgent own = agent("pod-dp-1", 9901)) {
      own.start(Duration.ofSeconds(60));
      assertThat(own.admin().ready()).isTrue();
    }

    // dp-1's token (valid, same mesh) presented by a proxy that claims to be pod-dp-2.
    String stolen = xds.dataplaneToken("default", "pod-dp-1");
    DataplaneAgent impostor = agent("pod-dp-2", 9902, "--dataplane-token", stolen);
    try (impostor) {
      assertThatThrownBy(() -> impostor.start(Duration.ofSeconds(30)))
          .hasMessageContaining("authentication failed: proxy name from requestor: pod-dp-2 is different than in token: pod-dp-1");
    }
    assertThat(xds.logTail()).as("the refusal names the Dataplane, never the token")
        .doesNotContain(stolen);
  }

  private static DataplaneAgent agent(String name, int adminPort, String... extraArgs) throws Exception {
    Path file = pod.dir().resolve(name + ".yaml");
    Files.writeString(file, """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: %s
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: pod-gateway
        """.formatted(name, pod.podAddress()));
    String[] args = new String[extraArgs.length + 2];
    args[0] = "--envoy-binary";
    args[1] = pod.envoyBinary().toString();
    System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
    return new DataplaneAgent(xds, file, adminPort, pod.dir(), args)
        .runThrough(pod.asProxyUser(), pod.atriumDpLauncher(), pod.envoyAdmin(adminPort));
  }
}
