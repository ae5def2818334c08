package dev.atrium.e2e.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.e2e.mtls.Requests;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.netns.PodNetwork;
import dev.atrium.testing.nginx.NginxServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.yaml.MeshYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' multi-zone builtin gateway (issue 15), on one machine: a global control plane and two zones,
 * each with its own store and xds-server, real Envoys. The MeshGateway and its route are written on
 * global; the gateway runs in zone-1; echo runs in zone-2 behind zone-2's ZoneIngress, which tells global
 * what it reaches and global tells zone-1. The gateway reaches echo by Kuma's SNI under mesh TLS, through
 * the ingress, which passes the TLS through to echo's sidecar. Then echo starts in zone-1 too: the local
 * instance takes every request; and zone-2's ingress going away changes nothing a client sees. The seeds'
 * delegated case too: nginx in a pod of zone-1 (a network namespace with kuma-init's redirects) proxies to
 * {@code http://echo.default.svc.80.mesh/}; the name resolves through the proxy's DNS to echo's VIP, whose
 * outbound leads to zone-2's ingress.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiZoneTrafficE2ETest {
  private static final String YAML = "application/yaml";
  private static final int N = 20;
  /** The name Kubernetes gives the seeds' echo Service on port 80 of namespace default. */
  private static final String K8S_ECHO = "echo_default_svc_80";
  private static final int OUTBOUND_REDIRECT = 15001;
  private static final int KONG_ADMIN = 9901;
  private static final int NGINX_PORT = 8000;
  /** Where kuma-init sends the pod's DNS (Kuma's 15053): atrium-dp's relay, in front of Envoy's DNS. */
  private static final int DNS_RELAY = 15053;
  static PodNetwork kongPod;

  @TempDir static Path dir;
  static StoreProcess global;
  static StoreProcess zone1;
  static StoreProcess zone2;
  static XdsServerProcess xds1;
  static XdsServerProcess xds2;
  static String gatewayUrl;
  static DataplaneAgent ingress2;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void aGlobalAndTwoZones() {
    // The delegated gateway's pod in zone-1: kuma-init's outbound and DNS redirects. What runs on the host
    // (control planes, ingress, the builtin gateway) listens where the pod reaches it: the veth's host end.
    kongPod = PodNetwork.create();
    kongPod.redirectOutboundLikeKumaInit(OUTBOUND_REDIRECT);
    kongPod.redirectDnsLikeKumaInit(DNS_RELAY);
    global = StoreProcess.embedded(dir.resolve("global")).withEnv("ATRIUM_STORE_MODE", "global").start();
    zone1 = zone("zone-1").start();
    zone2 = zone("zone-2").start();
    xds1 = new XdsServerProcess(zone1, dir.resolve("xds-1")).listenOn(kongPod.hostAddress())
        .withEnv("ATRIUM_XDS_ZONE", "zone-1").start();
    xds2 = new XdsServerProcess(zone2, dir.resolve("xds-2")).withEnv("ATRIUM_XDS_ZONE", "zone-2").start();

    // Everything shared is written on global, once.
    int gatewayPort = Ports.free();
    put(global, "/meshes/default", MeshYaml.builtinMtlsMesh("default", "STRICT", null));
    put(global, "/meshes/default/meshtrafficpermissions/echo-callers", MeshYaml.permissionFromMesh("default", "echo-callers", "echo"));
    put(global, "/meshes/default/meshtrafficpermissions/k8s-echo-callers",
        MeshYaml.permissionFromMesh("default", "k8s-echo-callers", K8S_ECHO));
    put(global, "/meshes/default/meshgateways/edge-gateway", MeshYaml.httpGateway("default", "edge-gateway", gatewayPort, false, null));
    put(global, "/meshes/default/meshgatewayroutes/to-echo", MeshYaml.routeAll("default", "to-echo", "edge-gateway", "echo"));
    for (StoreProcess zone : List.of(zone1, zone2)) {
      await(Duration.ofSeconds(30), () -> Http.get(zone.apiUrl() + "/meshes/default/meshgatewayroutes").json().path("total").asInt() == 1
          && Http.get(zone.apiUrl() + "/meshes/default").body().contains("ca-1"), () -> "global's mesh and route reach " + zone.apiUrl());
    }

    // zone-2: echo behind a sidecar — as "echo" and under the name Kubernetes gives the seeds' Service,
    // echo_default_svc_80 —, and the zone's ingress.
    EchoServer echo2 = track(EchoServer.start("echo-zone-2"));
    track(agent(xds2, MeshYaml.sidecar("default", "echo-1", Ports.free(), echo2.port(), "echo", "http") + """
            - port: %d
              servicePort: %d
              tags:
                kuma.io/service: %s
                kuma.io/protocol: http
        """.formatted(Ports.free(), echo2.port(), K8S_ECHO)));
    int ingressPort = Ports.free();
    put(zone2, "/zoneingresses/zi-2", """
        type: ZoneIngress
        name: zi-2
        networking:
          address: %s
          port: %d
        """.formatted(kongPod.hostAddress(), ingressPort));
    // Its zone token is minted on global, as an operator does it (kumactl generate zone-token); zone-2 verifies it
    // with the public key global sent it.
    Path zoneToken = write(dir.resolve("zone-2.token"), Http.post(global.apiUrl() + "/tokens/zone",
        "{\"zone\": \"zone-2\", \"scope\": [\"ingress\"]}", "content-type", "application/json").body().strip());
    ingress2 = track(DataplaneAgent.ingress(xds2, "zi-2", zoneToken, Ports.free(), dir.resolve("agents")).start(Duration.ofSeconds(60)));

    // zone-1: the gateway.
    track(agent(xds1, MeshYaml.builtinGateway("default", "edge-gateway-1", "edge-gateway")));
    gatewayUrl = "http://127.0.0.1:" + gatewayPort + "/";
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    for (AutoCloseable p : new AutoCloseable[] {xds1, xds2, zone1, zone2, global, kongPod}) {
      if (p != null) p.close();
    }
  }

  @Test
  @Order(1)
  void theGatewayInZone1ReachesEchoInZone2ThroughZone2sIngress() {
    long start = System.nanoTime();
    await(Duration.ofSeconds(60), () -> Requests.get(gatewayUrl).body().contains("echo-zone-2"),
        () -> "the gateway never reached zone-2's echo: " + Requests.get(gatewayUrl) + "; zone-1's ingresses: "
            + Http.get(zone1.apiUrl() + "/zoneingresses").body());
    System.out.printf("zone-2's echo answered through zone-1's gateway %d ms after the agents were up%n", millisSince(start));
    Map<String, Integer> replies = Requests.tally(gatewayUrl, N);
    System.out.println("gateway (zone-1) → echo (zone-2 only): " + summary(replies));
    assertThat(replies).hasSize(1);
    assertThat(replies.keySet().iterator().next()).startsWith("200 ").contains("echo-zone-2");

    JsonNode ingresses = Http.get(zone1.apiUrl() + "/zoneingresses").json().path("items");
    System.out.println("zone-1 knows the ingresses " + ingresses);
    assertThat(ingresses).hasSize(1);
    JsonNode zi2 = ingresses.get(0);
    assertThat(zi2.path("zone").asText()).isEqualTo("zone-2");
    assertThat(zi2.path("labels").path("kuma.io/zone").asText()).isEqualTo("zone-2");
    assertThat(zi2.path("availableServices").get(0).path("tags").path("kuma.io/service").asText()).isEqualTo("echo");
    assertThat(zi2.path("availableServices").get(0).path("instances").asInt()).isEqualTo(1);

    // Operators see the ingress connected: its ZoneIngressInsight in zone-2, and on global with its zone.
    await(Duration.ofSeconds(15), () -> ingressConnected(ingressOverview(zone2)) && ingressConnected(ingressOverview(global)),
        () -> "zi-2's insight: zone-2 " + ingressOverview(zone2) + ", global " + ingressOverview(global));
    JsonNode onGlobal = ingressOverview(global);
    System.out.println("global's /zoneingresses+insights item of zi-2: " + onGlobal);
    assertThat(onGlobal.path("labels").path("kuma.io/zone").asText()).isEqualTo("zone-2");
    JsonNode insightOnGlobal = Http.get(global.apiUrl() + "/zone-ingress-insights/" + onGlobal.path("name").asText()).json();
    assertThat(insightOnGlobal.path("labels").path("kuma.io/zone").asText()).isEqualTo("zone-2");
    assertThat(Http.get(zone1.apiUrl() + "/zone-ingress-insights").json().path("total").asInt())
        .as("another zone gets the ingress, not its insight").isZero();
    dev.atrium.e2e.Atriumctl.Result inspect = dev.atrium.e2e.Atriumctl.run(zone2.apiUrl(), "inspect", "zoneingresses");
    System.out.print("atriumctl inspect zoneingresses (zone-2):\n" + inspect.stdout());
    assertThat(inspect.stdout()).containsPattern("zi-2 +Online ");
  }

  /** The ZoneIngressOverview of zone-2's ingress on {@code store} (global names its copy by hash; display-name says zi-2). */
  private static JsonNode ingressOverview(StoreProcess store) {
    for (JsonNode item : Http.get(store.apiUrl() + "/zoneingresses+insights").json().path("items")) {
      if (item.path("name").asText().equals("zi-2") || item.path("labels").path("kuma.io/display-name").asText().equals("zi-2")) {
        return item;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Kuma's Online: the newest subscription connected, not ended, and it has had config sent. */
  private static boolean ingressConnected(JsonNode overview) {
    JsonNode subscriptions = overview.path("zoneIngressInsight").path("subscriptions");
    JsonNode last = subscriptions.path(subscriptions.size() - 1);
    return !last.path("connectTime").asText().isEmpty() && last.path("disconnectTime").isMissingNode()
        && last.path("status").path("total").path("responsesSent").asLong() > 0;
  }

  private static boolean ingressDisconnected(JsonNode overview) {
    JsonNode subscriptions = overview.path("zoneIngressInsight").path("subscriptions");
    return subscriptions.size() > 0 && !subscriptions.path(subscriptions.size() - 1).path("disconnectTime").asText().isEmpty();
  }

  @Test
  @Order(2)
  void theSeedsDelegatedGatewayInZone1ReachesEchoInZone2ByItsMeshName() {
    String dataplane = """
        type: Dataplane
        mesh: default
        name: kong-0
        networking:
          address: %s
          gateway:
            type: DELEGATED
            tags:
              kuma.io/service: kong
          transparentProxying:
            redirectPortOutbound: %d
        """.formatted(kongPod.podAddress(), OUTBOUND_REDIRECT);
    Path file = write(kongPod.dir().resolve("kong-0.yaml"), dataplane);
    DataplaneAgent kong = track(new DataplaneAgent(xds1, file, KONG_ADMIN, kongPod.dir(), "--envoy-binary",
        kongPod.envoyBinary().toString(), "--dns-enabled")
        .runThrough(kongPod.asProxyUser(), kongPod.atriumDpLauncher(), kongPod.envoyAdmin(KONG_ADMIN))
        .start(Duration.ofSeconds(60)));
    await(Duration.ofSeconds(30), () -> kong.admin().listenerNames().contains("kuma:dns")
        && !kong.admin().clusterHosts(K8S_ECHO).isEmpty(), () -> "the DNS listener and zone-2's ingress as " + K8S_ECHO
        + "'s host: listeners " + kong.admin().listenerNames());
    // nginx as the API gateway, in the pod: it resolves the name at request time through the pod's DNS,
    // which kuma-init's rule sends to the proxy, whatever server nginx asks.
    NginxServer nginx = track(NginxServer.startBehind(kongPod.inside(), kongPod.podAddress(), NGINX_PORT, """
        resolver 10.255.255.1 valid=5s ipv6=off;
        location / {
          set $upstream http://echo.default.svc.80.mesh;
          proxy_pass $upstream;
        }
        location /by-service-name {
          set $upstream http://%s.mesh;
          proxy_pass $upstream;
        }
        """.formatted(K8S_ECHO)));
    Map<String, Integer> replies = Requests.tally(nginx.url() + "/via-kong", N);
    System.out.println("nginx (zone-1, delegated) → http://echo.default.svc.80.mesh/ → " + summary(replies));
    assertThat(replies).hasSize(1);
    assertThat(replies.keySet().iterator().next()).startsWith("200 ").contains("echo-zone-2").contains("/via-kong");
    // Kuma's other name of the same service, <kuma.io/service>.mesh.
    Map<String, Integer> byServiceName = Requests.tally(nginx.url() + "/by-service-name", 5);
    System.out.println("nginx (zone-1, delegated) → http://" + K8S_ECHO + ".mesh/ → " + summary(byServiceName));
    assertThat(byServiceName).hasSize(1);
    assertThat(byServiceName.keySet().iterator().next()).startsWith("200 ").contains("echo-zone-2");
  }

  @Test
  @Order(3)
  void globalListsBothZonesProxiesWithKumasLabels() {
    JsonNode items = Http.get(global.apiUrl() + "/meshes/default/dataplanes").json().path("items");
    List<String> seen = new ArrayList<>();
    for (JsonNode dp : items) {
      seen.add(dp.path("labels").path("kuma.io/display-name").asText() + "@" + dp.path("labels").path("kuma.io/zone").asText());
      assertThat(dp.path("labels").path("kuma.io/origin").asText()).isEqualTo("zone");
    }
    System.out.println("global's Dataplanes: " + seen);
    assertThat(seen).contains("echo-1@zone-2", "edge-gateway-1@zone-1", "kong-0@zone-1");
  }

  @Test
  @Order(4)
  void withEchoInBothZonesZone1sOwnInstanceTakesEveryRequest() {
    EchoServer echo1 = track(EchoServer.start("echo-zone-1"));
    track(agent(xds1, MeshYaml.sidecar("default", "echo-1", Ports.free(), echo1.port(), "echo", "http")));
    await(Duration.ofSeconds(60), () -> Requests.get(gatewayUrl).body().contains("echo-zone-1"),
        () -> "zone-1's echo never answered: " + Requests.get(gatewayUrl));
    Map<String, Integer> replies = Requests.tally(gatewayUrl, N);
    System.out.println("gateway (zone-1) → echo in both zones: " + summary(replies));
    assertThat(replies).hasSize(1);
    assertThat(replies.keySet().iterator().next()).startsWith("200 ").contains("echo-zone-1");
  }

  @Test
  @Order(5)
  void zone2sIngressGoingAwayChangesNothingAClientSees() {
    ingress2.stop();
    Map<String, Integer> replies = Requests.tally(gatewayUrl, N);
    System.out.println("zone-2's ingress stopped: " + summary(replies));
    assertThat(replies).hasSize(1);
    assertThat(replies.keySet().iterator().next()).startsWith("200 ").contains("echo-zone-1");
    // Its insight says so, in zone-2 and on global (the requests above took the time it needed).
    await(Duration.ofSeconds(15), () -> ingressDisconnected(ingressOverview(zone2)) && ingressDisconnected(ingressOverview(global)),
        () -> "zi-2's insight after its stop: zone-2 " + ingressOverview(zone2) + ", global " + ingressOverview(global));
    System.out.println("zi-2 after its stop, on global: " + ingressOverview(global).path("zoneIngressInsight"));
  }

  @Test
  @Order(6)
  void withGlobalKilledBothZonesServeAndWriteAndAfterItsRestartNothingIsLostOrTwice() {
    List<String> globalBefore = dataplanes(global);
    List<List<String>> zonesBefore = List.of(counts(zone1), counts(zone2));
    global.kill();
    Map<String, Integer> replies = Requests.tally(gatewayUrl, N);
    System.out.println("global killed: gateway " + summary(replies));
    assertThat(replies.keySet()).allMatch(r -> r.startsWith("200 "));
    put(zone1, "/meshes/default/dataplanes/during-cut", """
        type: Dataplane
        mesh: default
        name: during-cut
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              tags:
                kuma.io/service: during-cut
        """.formatted(Ports.free()));

    global.start();
    long back = System.nanoTime();
    List<String> expected = new ArrayList<>(globalBefore);
    expected.add("during-cut@zone-1");
    expected.sort(null);
    await(Duration.ofSeconds(10), () -> dataplanes(global).equals(expected),
        () -> "global's Dataplanes " + dataplanes(global) + ", expected " + expected);
    long resynced = millisSince(back);
    assertThat(List.of(counts(zone1), counts(zone2))).as("the zones' copies of global's resources, per kind").isEqualTo(zonesBefore);
    System.out.printf("global restarted: its Dataplanes %s again (%d, one made during the cut) %d ms after it was ready; "
        + "the zones' copies per kind %s unchanged%n", expected, expected.size(), resynced, zonesBefore);
  }

  /** Global's Dataplanes as display-name@zone, sorted: a duplicate or a loss shows. */
  private static List<String> dataplanes(StoreProcess store) {
    List<String> out = new ArrayList<>();
    for (JsonNode dp : Http.get(store.apiUrl() + "/meshes/default/dataplanes").json().path("items")) {
      out.add(dp.path("labels").path("kuma.io/display-name").asText() + "@" + dp.path("labels").path("kuma.io/zone").asText());
    }
    out.sort(null);
    return out;
  }

  /** A zone's count of what global sent it: gateways, routes, permissions, timeouts, secrets. */
  private static List<String> counts(StoreProcess zone) {
    List<String> out = new ArrayList<>();
    for (String kind : List.of("meshgateways", "meshgatewayroutes", "meshtrafficpermissions", "meshtimeouts", "secrets")) {
      out.add(kind + "=" + Http.get(zone.apiUrl() + "/meshes/default/" + kind).json().path("total").asInt());
    }
    return out;
  }

  private static StoreProcess zone(String name) {
    return StoreProcess.embedded(dir.resolve(name)).zoneOf(global, name);
  }

  private static DataplaneAgent agent(XdsServerProcess xds, String yaml) {
    int adminPort = Ports.free();
    Path file = write(dir.resolve("dp-" + adminPort + ".yaml"), yaml);
    return new DataplaneAgent(xds, file, adminPort, dir.resolve("agents")).start(Duration.ofSeconds(60));
  }

  private static Path write(Path file, String content) {
    try {
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends AutoCloseable> T track(T resource) {
    STARTED.add(resource);
    return resource;
  }

  private static void put(StoreProcess store, String path, String yaml) {
    Http.Reply reply = Http.put(store.apiUrl() + path, yaml, YAML);
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }

  /** "20 × 200 echo-zone-1" rather than twenty echoed bodies. */
  private static String summary(Map<String, Integer> replies) {
    List<String> out = new ArrayList<>();
    replies.forEach((reply, n) -> out.add(n + " × " + reply.substring(0, Math.min(3, reply.length()))
        + (reply.contains("echo-zone-1") ? " echo-zone-1" : reply.contains("echo-zone-2") ? " echo-zone-2" : " " + reply)));
    return String.join(", ", out);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void await(Duration timeout, BooleanSupplier condition, Supplier<String> why) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) return;
      } catch (RuntimeException notYet) {
        // a server still starting
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("not within " + timeout + ": " + why.get());
  }
}
