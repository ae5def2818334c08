package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.netns.PodNetwork;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.prometheus.Exposition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies that go away without a word (ADR 0009): atrium-dp and Envoy killed with SIGKILL, and a proxy
 * whose packets a firewall silently drops. Either way the xds-server ends the session everywhere —
 * {@code GET /proxies}, the DataplaneInsight, {@code atrium_xds_streams_active} — and deletes the
 * Dataplane its agent registered once the grace period is over, while a Dataplane created through the
 * API stays. The xds-server listens on the host side of a pod's veth, so proxies on the host and in the
 * pod's namespace both reach it.
 */
class ProxyDisconnectE2ETest {
  /** Longer than the 5 s the insight may take to say Offline, so both can be seen in turn. */
  static final Duration GRACE = Duration.ofSeconds(6);
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(2);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;
  PodNetwork pod;
  StoreProcess store;
  XdsServerProcess xds;
  final List<AutoCloseable> started = new ArrayList<>();

  @BeforeEach
  void start() {
    pod = PodNetwork.create();
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).listenOn(pod.hostAddress())
        .withEnv("ATRIUM_XDS_DATAPLANE_DEREGISTRATION_DELAY", GRACE.toMillis() + "ms")
        .withEnv("ATRIUM_XDS_KEEPALIVE_TIME", KEEPALIVE_TIME.toMillis() + "ms")
        .withEnv("ATRIUM_XDS_KEEPALIVE_TIMEOUT", KEEPALIVE_TIMEOUT.toMillis() + "ms")
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    for (AutoCloseable c : new AutoCloseable[] {xds, store, pod}) {
      if (c != null) c.close();
    }
  }

  @Test
  void killedProxiesAreOfflineWithinSecondsAndOnlyTheAgentRegisteredDataplaneIsDeregistered() throws Exception {
    EchoServer echo = track(EchoServer.start("echo"));
    DataplaneAgent registered = agentFromFile(sidecar("registered-1", Ports.free(), echo.port()));
    put("registered-elsewhere", sidecar("registered-elsewhere", Ports.free(), echo.port()));
    DataplaneAgent byName = track(DataplaneAgent.byName(xds, "default", "registered-elsewhere", Ports.free(),
        dir.resolve("agents"))).start(Duration.ofSeconds(60));
    awaitOnline("registered-1");
    awaitOnline("registered-elsewhere");
    assertThat(streamsActive()).isEqualTo(2.0);

    long killedAt = System.nanoTime();
    registered.kill();
    byName.kill();

    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> !connected("registered-1") && !connected("registered-elsewhere")))
        .as("GET /proxies: %s", Http.get(xds.url() + "/proxies").body()).isTrue();
    long proxiesMillis = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> streamsActive() == 0.0)).isTrue();
    long meterMillis = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> offline("registered-1") && offline("registered-elsewhere")))
        .as("insight: %s", overview("registered-1")).isTrue();
    long offlineMillis = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.printf("kill -9 -> disconnected in /proxies: %d ms, atrium_xds_streams_active 0: %d ms, insights Offline: %d ms%n",
        proxiesMillis, meterMillis, offlineMillis);
    assertThat(offlineMillis).isLessThan(5_000);

    assertThat(Traffic.eventually(GRACE.plusSeconds(5), () -> dataplaneStatus("registered-1") == 404))
        .as("the agent-registered Dataplane is deregistered after the grace period").isTrue();
    long goneMillis = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.printf("kill -9 -> agent-registered Dataplane deleted: %d ms (grace %s)%n", goneMillis, GRACE);
    assertThat(goneMillis).isGreaterThanOrEqualTo(GRACE.toMillis());
    assertThat(dataplaneStatus("registered-elsewhere")).as("a Dataplane created through the API is never removed").isEqualTo(200);
    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> ProxyStatusClient.proxy(xds.url(), "registered-1") == null))
        .as("nothing of the deregistered proxy is kept").isTrue();
  }

  @Test
  void aProxyReconnectingWithinTheGracePeriodKeepsItsDataplane() throws Exception {
    EchoServer echo = track(EchoServer.start("echo"));
    String yaml = sidecar("comes-back", Ports.free(), echo.port());
    int adminPort = Ports.free();
    agentFromFile(yaml, adminPort).kill();
    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> offline("comes-back"))).isTrue();
    agentFromFile(yaml, adminPort);
    awaitOnline("comes-back");
    Thread.sleep(GRACE.plusSeconds(1).toMillis());
    assertThat(dataplaneStatus("comes-back")).as("reconnected within the grace period").isEqualTo(200);
    assertThat(connected("comes-back")).isTrue();
  }

  /**
   * Kuma's other half of the lifecycle: a proxy away longer than the grace period (here: its Envoy
   * frozen, so keepalive ends the session) comes back and registers its Dataplane again from its node
   * metadata, with no agent restart.
   */
  @Test
  void aProxyBackAfterItsDataplaneWasDeregisteredRegistersItAgain() throws Exception {
    EchoServer echo = track(EchoServer.start("echo"));
    DataplaneAgent agent = agentFromFile(sidecar("sleeper", Ports.free(), echo.port()));
    awaitOnline("sleeper");

    agent.signalEnvoy("STOP");
    assertThat(Traffic.eventually(KEEPALIVE_TIME.plus(KEEPALIVE_TIMEOUT).plusSeconds(3), () -> !connected("sleeper"))).isTrue();
    assertThat(Traffic.eventually(GRACE.plusSeconds(5), () -> dataplaneStatus("sleeper") == 404))
        .as("deregistered while its proxy was away").isTrue();

    long resumedAt = System.nanoTime();
    agent.signalEnvoy("CONT");
    assertThat(Traffic.eventually(Duration.ofSeconds(30), () -> dataplaneStatus("sleeper") == 200 && connected("sleeper")))
        .as("registered again and connected: %s", Http.get(xds.url() + "/proxies").body()).isTrue();
    awaitOnline("sleeper");
    System.out.printf("proxy back after deregistration -> Dataplane registered again and connected: %d ms%n",
        (System.nanoTime() - resumedAt) / 1_000_000);
    assertThat(agent.isAlive()).as("the agent was never restarted").isTrue();
  }

  @Test
  void aProxyWhosePacketsAreDroppedIsOfflineWithinTheKeepaliveTimeout() throws Exception {
    EchoServer echo = track(EchoServer.startOn("echo", pod.hostAddress()));
    Path file = pod.dir().resolve("dataplane.yaml");
    write(file, """
        type: Dataplane
        mesh: default
        name: silent-1
        networking:
          address: %s
          inbound:
            - port: 8080
              servicePort: %d
              tags:
                kuma.io/service: silent
        """.formatted(pod.podAddress(), echo.port()));
    DataplaneAgent agent = track(new DataplaneAgent(xds, file, 9901, pod.dir(),
        "--envoy-binary", pod.envoyBinary().toString())
        .runThrough(pod.asProxyUser(), pod.atriumDpLauncher(), pod.envoyAdmin(9901)))
        .start(Duration.ofSeconds(60));
    awaitOnline("silent-1");

    // The pod's host vanishes from the network: no FIN, no RST, nothing answers the server's PINGs.
    pod.run("iptables", "-I", "INPUT", "1", "-j", "DROP").orFail();
    pod.run("iptables", "-I", "OUTPUT", "1", "-j", "DROP").orFail();
    long droppedAt = System.nanoTime();
    Duration bound = KEEPALIVE_TIME.plus(KEEPALIVE_TIMEOUT);
    assertThat(Traffic.eventually(bound.plusSeconds(3), () -> !connected("silent-1")))
        .as("GET /proxies: %s", Http.get(xds.url() + "/proxies").body()).isTrue();
    long offlineMillis = (System.nanoTime() - droppedAt) / 1_000_000;
    assertThat(Traffic.eventually(Duration.ofSeconds(3), () -> offline("silent-1") && streamsActive() == 0.0)).isTrue();
    System.out.printf("packets dropped -> Offline: %d ms (keepalive time %s + timeout %s)%n", offlineMillis,
        KEEPALIVE_TIME, KEEPALIVE_TIMEOUT);
    assertThat(offlineMillis).isLessThanOrEqualTo(bound.toMillis() + 1_000);
    assertThat(Exposition.parse(Http.get(xds.url() + "/q/metrics").body()).value("atrium_xds_keepalive_timeouts_total"))
        .as("counted as a keepalive timeout").isEqualTo(1.0);
    assertThat(agent.isAlive()).as("the proxy itself still runs; only its network is gone").isTrue();
  }

  // --- helpers -------------------------------------------------------------------------------

  private DataplaneAgent agentFromFile(String yaml) {
    return agentFromFile(yaml, Ports.free());
  }

  private DataplaneAgent agentFromFile(String yaml, int adminPort) {
    Path file = dir.resolve("dp-" + adminPort + "-" + System.nanoTime() + ".yaml");
    write(file, yaml);
    return track(new DataplaneAgent(xds, file, adminPort, dir.resolve("agents"))).start(Duration.ofSeconds(60));
  }

  private void awaitOnline(String name) {
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> connected(name) && online(name)))
        .as("%s online: %s", name, overview(name)).isTrue();
  }

  private boolean connected(String name) {
    JsonNode p = ProxyStatusClient.proxy(xds.url(), name);
    return p != null && p.get("connected").asBoolean();
  }

  /** Kuma's rule, as kumactl applies it: online when a subscription has no disconnectTime. */
  private boolean online(String name) {
    for (JsonNode s : overview(name).at("/dataplaneInsight/subscriptions")) {
      if (!s.has("disconnectTime")) return true;
    }
    return false;
  }

  private boolean offline(String name) {
    JsonNode subs = overview(name).at("/dataplaneInsight/subscriptions");
    return subs.size() > 0 && !online(name);
  }

  private JsonNode overview(String name) {
    return Http.get(store.apiUrl() + "/meshes/default/dataplanes/" + name + "/_overview").json();
  }

  private int dataplaneStatus(String name) {
    return Http.get(store.apiUrl() + "/meshes/default/dataplanes/" + name).status();
  }

  private double streamsActive() {
    return Exposition.parse(Http.get(xds.url() + "/q/metrics").body()).value("atrium_xds_streams_active");
  }

  private void put(String name, String yaml) {
    int reply = ProxyStatusClient.put(store.apiUrl() + "/meshes/default/dataplanes/" + name, yaml);
    if (reply / 100 != 2) throw new AssertionError("PUT " + name + " answered " + reply);
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sidecar(String name, int inboundPort, int servicePort) {
    return WithControlPlane.sidecar(name, inboundPort, servicePort, "echo", "http");
  }
}
