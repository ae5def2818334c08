package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.netns.PodNetwork;
import dev.atrium.testing.netns.PodNetwork.HttpResult;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
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
 * Transparent proxying as on an injected Kubernetes pod: a network namespace with kuma-init's NAT
 * rules ({@link PodNetwork}), atrium-dp and its Envoy inside it as uid 5678, the control plane, a mesh
 * backend and a plain non-mesh server on the host side of the veth. The pod's application (curl, as
 * root, so its traffic is redirected) only ever dials real addresses: a mesh service's VIP that nothing
 * listens on, the non-mesh server, and from the host the pod's own IP.
 */
class TransparentProxyE2ETest {
  static final String VIP = "10.96.0.10";
  static final int OUTBOUND_REDIRECT = 15001;
  static final int INBOUND_REDIRECT = 15006;
  static final int ADMIN_PORT = 9901;
  static final int APP_PORT = 8080;
  /** Envoy writes ':' in a cluster's name as '_' in its stat names. */
  static final String PASSTHROUGH_CONNECTIONS = "cluster.outbound_passthrough_ipv4.upstream_cx_total";

  @TempDir Path dir;
  PodNetwork pod;
  StoreProcess store;
  XdsServerProcess xds;
  EchoServer backend;
  EchoServer outside;
  final List<AutoCloseable> started = new ArrayList<>();

  @BeforeEach
  void startPodAndControlPlane() {
    pod = PodNetwork.create();
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).listenOn(pod.hostAddress()).start();
    backend = EchoServer.startOn("backend-app", pod.hostAddress());
    outside = EchoServer.startOn("outside-app", pod.hostAddress());
    // The backend is in the mesh without a sidecar of its own: its inbound is the app's port.
    put("/meshes/default/dataplanes/backend-1", """
        type: Dataplane
        mesh: default
        name: backend-1
        networking:
          address: %s
          inbound:
            - port: %d
              tags:
                kuma.io/service: backend
                kuma.io/protocol: http
        """.formatted(pod.hostAddress(), backend.port()));
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    for (AutoCloseable c : new AutoCloseable[] {pod, backend, outside, xds, store}) {
      if (c != null) c.close();
    }
  }

  @Test
  void redirectedTrafficGoesThroughEnvoyToTheMeshToOtherDestinationsAndToTheApp() {
    pod.redirectLikeKumaInit(OUTBOUND_REDIRECT, INBOUND_REDIRECT);
    startPodApp();
    EnvoyAdmin envoy = sidecar(true).admin();
    awaitBackendEndpoint(envoy);

    HttpResult mesh = pod.curl("http://" + VIP + "/orders");
    assertThat(mesh.status()).as("curl to the VIP: %s", mesh).isEqualTo(200);
    assertThat(mesh.body()).contains("backend-app").contains("/orders");
    assertThat(backend.requests()).singleElement()
        .satisfies(r -> assertThat(r.header("x-request-id")).as("Envoy's router adds a request id").isNotBlank());
    assertThat(envoy.stat("cluster.backend.upstream_rq_total")).isEqualTo(1);

    HttpResult other = pod.curl(outside.url() + "/elsewhere");
    assertThat(other.status()).as("curl to a non-mesh address: %s", other).isEqualTo(200);
    assertThat(other.body()).contains("outside-app");
    assertThat(outside.requests()).singleElement()
        .satisfies(r -> assertThat(r.header("x-request-id")).as("passed through as bytes").isNull());
    assertThat(envoy.stat(PASSTHROUGH_CONNECTIONS)).as("connections through outbound:passthrough:ipv4").isEqualTo(1);

    // From the host to the Pod IP: redirected to 15006, handed to the inbound listener, on to the app.
    Traffic.Reply in = Traffic.get("http://" + pod.podAddress() + ":" + APP_PORT + "/index.html");
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(in.body()).contains("hello from web");
    assertThat(envoy.stat("http." + inboundStatPrefix() + ".downstream_rq_total")).isEqualTo(1);
  }

  @Test
  void withPassthroughOffTheMeshStillWorksAndOtherDestinationsAreRefused() {
    pod.redirectLikeKumaInit(OUTBOUND_REDIRECT, INBOUND_REDIRECT);
    EnvoyAdmin envoy = sidecar(true).admin();
    awaitBackendEndpoint(envoy);
    assertThat(pod.curl(outside.url() + "/before").status()).as("passthrough is Kuma's default").isEqualTo(200);

    put("/meshes/default", """
        type: Mesh
        name: default
        networking:
          outbound:
            passthrough: false
        """);
    assertThat(Traffic.eventually(Duration.ofSeconds(15),
        () -> !envoy.clusterNames().contains("outbound:passthrough:ipv4")))
        .as("Envoy dropped the passthrough cluster").isTrue();

    HttpResult other = pod.curl(outside.url() + "/after");
    assertThat(other.exitCode()).as("curl to a non-mesh address: %s", other).isNotZero();
    assertThat(other.status()).isZero();
    assertThat(outside.requests()).extracting(EchoServer.ReceivedRequest::path).containsExactly("/before");

    HttpResult mesh = pod.curl("http://" + VIP + "/still");
    assertThat(mesh.status()).as("curl to the VIP: %s", mesh).isEqualTo(200);
    assertThat(mesh.body()).contains("backend-app");
  }

  /** The same pod and request with no transparentProxying in the Dataplane: nothing listens on 15001. */
  @Test
  void withoutTransparentProxyingTheRedirectedRequestIsRefused() {
    pod.redirectLikeKumaInit(OUTBOUND_REDIRECT, INBOUND_REDIRECT);
    EnvoyAdmin envoy = sidecar(false).admin();
    awaitBackendEndpoint(envoy);
    assertThat(envoy.listenerNames()).noneMatch(name -> name.contains("passthrough"));

    HttpResult mesh = pod.curl("http://" + VIP + "/orders");
    assertThat(mesh.exitCode()).as("curl to the VIP: %s", mesh).isEqualTo(7); // couldn't connect
    assertThat(mesh.status()).isZero();
    assertThat(backend.requestCount()).isZero();
  }

  /**
   * A delegated gateway's pod (Kong): only its outgoing traffic is redirected. What it sends to a
   * mesh VIP goes through Envoy, the rest passes through, and what it receives reaches it directly.
   */
  @Test
  void aDelegatedGatewaysOutgoingTrafficIsRedirectedAndItsIncomingTrafficIsNot() {
    pod.redirectOutboundLikeKumaInit(OUTBOUND_REDIRECT);
    startPodApp(); // stands in for Kong's proxy port
    EnvoyAdmin envoy = agent("""
        type: Dataplane
        mesh: default
        name: kong-1
        networking:
          address: %s
          gateway:
            type: DELEGATED
            tags:
              kuma.io/service: kong
          outbound:
            - address: %s
              port: 80
              tags:
                kuma.io/service: backend
          transparentProxying:
            redirectPortInbound: %d
            redirectPortOutbound: %d
        """.formatted(pod.podAddress(), VIP, INBOUND_REDIRECT, OUTBOUND_REDIRECT)).admin();
    awaitBackendEndpoint(envoy);
    // Its outbounds: the listed one, backend's mesh VIP on port 80 (and the DNS answering backend.mesh), passthrough.
    assertThat(envoy.listenerNames()).hasSize(4).contains("outbound:passthrough:ipv4", "outbound:" + VIP + ":80", "kuma:dns")
        .anyMatch(name -> name.matches("outbound:2(4\\d|5[0-5])\\.\\d+\\.\\d+\\.\\d+:80"));

    HttpResult mesh = pod.curl("http://" + VIP + "/orders");
    assertThat(mesh.status()).as("curl to the VIP: %s", mesh).isEqualTo(200);
    assertThat(backend.requests()).singleElement().satisfies(r -> assertThat(r.header("x-request-id")).isNotBlank());

    assertThat(pod.curl(outside.url() + "/elsewhere").status()).isEqualTo(200);
    assertThat(envoy.stat(PASSTHROUGH_CONNECTIONS)).as("connections through outbound:passthrough:ipv4").isEqualTo(1);

    Traffic.Reply in = Traffic.get("http://" + pod.podAddress() + ":" + APP_PORT + "/index.html");
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(in.body()).contains("hello from web");
  }

  /** A sidecar whose inbound is the app's own port (as on Kubernetes) and one outbound to the backend's VIP. */
  private DataplaneAgent sidecar(boolean transparentProxying) {
    String tp = transparentProxying ? """
          transparentProxying:
            redirectPortInbound: %d
            redirectPortOutbound: %d
        """.formatted(INBOUND_REDIRECT, OUTBOUND_REDIRECT) : "";
    return agent("""
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: %s
          inbound:
            - port: %d
              tags:
                kuma.io/service: web
                kuma.io/protocol: http
          outbound:
            - address: %s
              port: 80
              tags:
                kuma.io/service: backend
        """.formatted(pod.podAddress(), APP_PORT, VIP) + tp);
  }

  /** atrium-dp and Envoy inside the pod's namespace as uid 5678; returns once Envoy is live. */
  private DataplaneAgent agent(String dataplaneYaml) {
    Path file = pod.dir().resolve("dataplane.yaml");
    try {
      Files.writeString(file, dataplaneYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataplaneAgent agent = new DataplaneAgent(xds, file, ADMIN_PORT, pod.dir(),
        "--envoy-binary", pod.envoyBinary().toString())
        .runThrough(pod.asProxyUser(), pod.atriumDpLauncher(), pod.envoyAdmin(ADMIN_PORT));
    started.add(agent);
    return agent.start(Duration.ofSeconds(60));
  }

  /** The pod's application: a static page on 0.0.0.0:8080, run as root inside the namespace. */
  private void startPodApp() {
    Path site = pod.dir().resolve("site");
    try {
      Files.createDirectories(site);
      Files.writeString(site.resolve("index.html"), "hello from web\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pod.start(dir.resolve("pod-app.log"), "python3", "-m", "http.server", String.valueOf(APP_PORT),
        "--directory", site.toString());
    assertThat(Traffic.eventually(Duration.ofSeconds(15),
        () -> pod.run("curl", "-sf", "-o", "/dev/null", "http://127.0.0.1:" + APP_PORT + "/").exitCode() == 0))
        .as("the pod's app listens").isTrue();
  }

  private void awaitBackendEndpoint(EnvoyAdmin envoy) {
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> envoy.clusterHosts("backend").size() == 1))
        .as("Envoy knows the backend endpoint").isTrue();
  }

  private String inboundStatPrefix() {
    return ("inbound:" + pod.podAddress() + ":" + APP_PORT).replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private void put(String path, String yaml) {
    int reply = ProxyStatusClient.put(store.apiUrl() + path, yaml);
    if (reply / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply);
  }
}
