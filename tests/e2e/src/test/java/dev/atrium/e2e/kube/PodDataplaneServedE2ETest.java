package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import dev.atrium.testing.process.XdsServerProcess;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The xds-server serves a Dataplane the Pod controller generated from a Pod exactly as it serves a
 * universal one. A real kube-apiserver 1.34 (no kubelet: the test reports the Pod's IP with a status
 * patch), the resource-store, the packaged admission-webhook running the controllers, a real
 * xds-server, and a real Envoy run by {@code atrium-dp run --name <pod>.<namespace>} — the sidecar's
 * command on Kubernetes, for a Dataplane someone else registers.
 *
 * <p>Addresses: the application (an {@link EchoServer}) listens on 127.0.0.1:P, the Pod's container
 * port P. The Pod's IP is 127.0.0.2, another loopback address, so Envoy's inbound listener
 * {@code inbound:127.0.0.2:P} binds beside the application exactly as on a node (the Pod IP in front,
 * the application reached on localhost), and a request sent straight to the listener — no iptables
 * here — reaches the application. The Pod IP cannot be 127.0.0.1: a Kubernetes inbound has
 * port = container port and no servicePort (Kuma relies on iptables to intercept), and the inbound
 * cluster is 127.0.0.1:P, so the listener would be the cluster's own address and forward to itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodDataplaneServedE2ETest {
  static final String SYSTEM_NAMESPACE = "atrium-system";
  static final String NAMESPACE = "demo";
  static final String POD = "web-0";
  static final String DATAPLANE = POD + "." + NAMESPACE;
  static final String POD_IP = "127.0.0.2";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Path CRDS = RepoPaths.root().resolve("deploy/k8s/crds");
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path tmp;
  static KubeApiServer kube;
  static KubernetesClient client;
  static StoreProcess store;
  static XdsServerProcess xds;
  static WebhookProcess controllers;
  static EchoServer app;
  static DataplaneAgent kubeAgent;
  static DataplaneAgent universalAgent;
  /** The Pod's Dataplane as the store holds it, and the config Envoy got for it (test 1, for test 2). */
  static JsonNode generated;
  static Served servedForPod;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
    kube.kubectl("apply", "-f", CRDS.toString());
    kube.kubectl("wait", "--for", "condition=established", "--timeout=60s", "crd/meshgatewayinstances.kuma.io");
    for (String ns : List.of(SYSTEM_NAMESPACE, NAMESPACE)) kube.kubectl("create", "namespace", ns);
    client = kube.newClient();
    store = StoreProcess.embedded(tmp.resolve("store")).start();
    xds = new XdsServerProcess(store, tmp.resolve("xds")).start();
    controllers = new WebhookProcess(kube, store, WebhookCertificates.create(tmp.resolve("tls")), tmp.resolve("webhook"))
        .controllers("replica-a", SYSTEM_NAMESPACE, kube.kubeconfig()).start();
    app = EchoServer.start("web-app");
  }

  @AfterAll
  static void stop() {
    for (DataplaneAgent agent : new DataplaneAgent[] {kubeAgent, universalAgent}) {
      if (agent != null) agent.close();
    }
    if (app != null) app.close();
    if (controllers != null) controllers.close();
    if (xds != null) xds.close();
    if (store != null) store.close();
    if (client != null) client.close();
    if (kube != null) kube.close();
  }

  @Test
  @Order(1)
  void envoyStartedWithThePodsDataplaneNameGetsItsInboundAndForwardsToTheApp() {
    int port = app.port();
    client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NAMESPACE).endMetadata()
        .withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withPort(80).withTargetPort(new IntOrString("http"))
        .withAppProtocol("http").endPort().endSpec().build()).create();
    client.pods().resource(new PodBuilder().withNewMetadata().withName(POD).withNamespace(NAMESPACE)
        .withLabels(Map.of("app", "web")).withAnnotations(Map.of("kuma.io/sidecar-injected", "true")).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("registry.example/web:1")
        .addNewPort().withName("http").withContainerPort(port).endPort().endContainer().endSpec().build()).create();
    // What the kubelet reports once the Pod's sandbox is up.
    client.pods().inNamespace(NAMESPACE).withName(POD).editStatus(p -> {
      p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(POD_IP).withPodIPs(new PodIP(POD_IP)).build());
      return p;
    });

    await("the controller's Dataplane " + DATAPLANE, () -> Http.get(dataplaneUrl()).status() == 200);
    generated = Http.get(dataplaneUrl()).json();
    assertThat(generated.at("/labels/kuma.io~1env").asText()).isEqualTo("kubernetes");
    assertThat(generated.at("/networking/address").asText()).isEqualTo(POD_IP);
    assertThat(generated.at("/networking/inbound")).hasSize(1);
    assertThat(generated.at("/networking/inbound/0/port").asInt()).isEqualTo(port);
    assertThat(generated.at("/networking/inbound/0/tags/kuma.io~1service").asText()).isEqualTo("web_demo_svc_80");

    kubeAgent = DataplaneAgent.byName(xds, "default", DATAPLANE, Ports.free(), tmp.resolve("agents"))
        .start(WAIT);

    String inbound = "inbound:" + POD_IP + ":" + port;
    await("Envoy's listener " + inbound, () -> kubeAgent.admin().listenerNames().contains(inbound));
    assertThat(kubeAgent.admin().clusterNames()).contains("localhost:" + port);
    HttpResponse<String> reply = get("http://" + POD_IP + ":" + port + "/through-the-sidecar");
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(reply.headers().firstValue("x-echo-server")).hasValue("web-app");
    assertThat(app.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/through-the-sidecar"));
    servedForPod = Served.of(kubeAgent.admin().configDump());
    assertThat(servedForPod.listeners()).containsKey(inbound);
  }

  @Test
  @Order(2)
  void theSameSpecRegisteredThroughRestGetsTheSameListenersClustersAndRoutes() {
    assertThat(servedForPod).as("test 1 ran").isNotNull();
    // The Pod goes (and with it the controller's Dataplane); its agent stops without deregistering.
    assertThat(kubeAgent.stop()).isZero();
    client.pods().inNamespace(NAMESPACE).withName(POD).withGracePeriod(0).delete();
    await("the Pod's Dataplane to go", () -> Http.get(dataplaneUrl()).status() == 404);

    // An operator registers the same spec through the REST API under the same name (universal).
    ObjectNode universal = Mappers.JSON.createObjectNode().put("type", "Dataplane").put("mesh", "default")
        .put("name", DATAPLANE);
    universal.set("networking", generated.get("networking"));
    Http.Reply put = Http.put(dataplaneUrl(), universal.toString(), "application/json");
    assertThat(put.status()).as(put.body()).isBetween(200, 201);
    JsonNode stored = Http.get(dataplaneUrl()).json();
    assertThat(stored.path("labels").path("kuma.io/env").asText()).isNotEqualTo("kubernetes");
    // A universal write gets the zone tag on its inbounds, as Kuma's dataplane manager writes it; the
    // controller's Pod Dataplane kept the tags it was given.
    ObjectNode expected = generated.get("networking").deepCopy();
    expected.withArray("inbound").forEach(in -> ((ObjectNode) in.get("tags")).put("kuma.io/zone", "default"));
    assertThat(stored.get("networking")).isEqualTo(expected);

    universalAgent = DataplaneAgent.byName(xds, "default", DATAPLANE, Ports.free(), tmp.resolve("agents"))
        .start(WAIT);
    String inbound = "inbound:" + POD_IP + ":" + app.port();
    await("Envoy's listener " + inbound, () -> universalAgent.admin().listenerNames().contains(inbound));
    assertThat(get("http://" + POD_IP + ":" + app.port() + "/universal").statusCode()).isEqualTo(200);

    Served servedUniversal = Served.of(universalAgent.admin().configDump());
    System.out.println("served to both: listeners " + servedForPod.listeners().keySet() + ", clusters "
        + servedForPod.clusters().keySet() + ", route configurations " + servedForPod.routes().keySet());
    assertThat(servedForPod.clusters()).containsKey("localhost:" + app.port());
    assertThat(servedUniversal.listeners().keySet()).isEqualTo(servedForPod.listeners().keySet());
    assertThat(servedUniversal.clusters().keySet()).isEqualTo(servedForPod.clusters().keySet());
    assertThat(servedUniversal.routes().keySet()).isEqualTo(servedForPod.routes().keySet());
    // Not only the names: every listener, cluster and route configuration, field by field.
    assertThat(servedUniversal).isEqualTo(servedForPod);
  }

  /**
   * What the xds-server gave one Envoy, from its config dump: dynamic listeners, clusters and route
   * configurations by name, without the version and update time of each.
   */
  record Served(Map<String, JsonNode> listeners, Map<String, JsonNode> clusters, Map<String, JsonNode> routes) {
    static Served of(JsonNode dump) {
      Map<String, JsonNode> listeners = new TreeMap<>();
      Map<String, JsonNode> clusters = new TreeMap<>();
      Map<String, JsonNode> routes = new TreeMap<>();
      for (JsonNode config : dump.path("configs")) {
        String type = config.path("@type").asText();
        if (type.endsWith("ListenersConfigDump")) {
          for (JsonNode l : config.path("dynamic_listeners")) {
            listeners.put(l.path("name").asText(), l.path("active_state").path("listener"));
          }
        } else if (type.endsWith("ClustersConfigDump")) {
          for (JsonNode c : config.path("dynamic_active_clusters")) {
            clusters.put(c.path("cluster").path("name").asText(), c.path("cluster"));
          }
        } else if (type.endsWith("RoutesConfigDump")) {
          for (JsonNode r : config.path("dynamic_route_configs")) {
            routes.put(r.path("route_config").path("name").asText(), r.path("route_config"));
          }
        }
      }
      return new Served(listeners, clusters, routes);
    }
  }

  static String dataplaneUrl() {
    return store.apiUrl() + "/meshes/default/dataplanes/" + DATAPLANE;
  }

  static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out waiting for " + what + "\n--- controllers:\n" + tail(controllers.log())
        + "\n--- xds-server:\n" + xds.logTail() + agentTails());
  }

  private static String agentTails() {
    StringBuilder out = new StringBuilder();
    for (DataplaneAgent agent : new DataplaneAgent[] {kubeAgent, universalAgent}) {
      if (agent != null) out.append("\n--- atrium-dp:\n").append(agent.logTail());
    }
    return out.toString();
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }
}
