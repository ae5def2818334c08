package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.dns.CoreDnsServer;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.netns.PodNetwork;
import dev.atrium.testing.nginx.NginxServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import dev.atrium.testing.process.XdsServerProcess;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' Kubernetes flow: a delegated gateway (nginx standing in for Kong with
 * {@code ingress.kubernetes.io/service-upstream=true}) sends to an echo Service's ClusterIP, and the
 * mesh routes it. A real kube-apiserver 1.34 (no kubelet, no kube-proxy: the test reports Pod IPs with a
 * status patch, and nothing on this machine answers a ClusterIP), the resource-store, the packaged
 * admission-webhook running the controllers, a real xds-server.
 *
 * <p>The gateway Pod's network is real ({@link PodNetwork}): its namespace has kuma-init's outbound
 * rule (every TCP connection not from uid 5678 to port 15001), nginx runs there as root with
 * {@code proxy_pass http://<ClusterIP>}, atrium-dp and Envoy as uid 5678 with
 * {@code --name kong-0.kong}, the Dataplane the Pod controller made. The echo "Pods" are echo servers on
 * addresses of their own on the host side of the veth: their Dataplanes (inbound = container port on
 * the Pod IP) are the Service's endpoints. Since the ClusterIP leads nowhere but to Envoy's outbound
 * listener for it, a 200 can only come through the mesh; Envoy's stats say which cluster carried it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceUpstreamThroughMeshE2ETest {
  static final String SYSTEM_NAMESPACE = "atrium-system";
  static final String APPS = "demo";
  static final String GATEWAYS = "kong";
  static final String GATEWAY_DATAPLANE = "kong-0." + GATEWAYS;
  static final String MESH_CLUSTER = "echo_demo_svc_80";
  static final int OUTBOUND_REDIRECT = 15001;
  static final int ADMIN_PORT = 9901;
  static final int NGINX_PORT = 8000;
  /** Envoy writes ':' in a cluster's name as '_' in its stat names. */
  static final String PASSTHROUGH_CONNECTIONS = "cluster.outbound_passthrough_ipv4.upstream_cx_total";
  static final String MESH_REQUESTS = "cluster." + MESH_CLUSTER + ".upstream_rq_total";
  static final Duration WAIT = Duration.ofSeconds(60);
  /** kuma-dp's CoreDNS port, where kuma-init redirects the pod's DNS and atrium-dp's relay listens. */
  static final int DNS_RELAY = 15053;
  static final String DEFAULT_ECHO_CLUSTER = "echo_default_svc_80";

  @TempDir static Path tmp;
  static KubeApiServer kube;
  static KubernetesClient client;
  static PodNetwork gatewayPod;
  static StoreProcess store;
  static XdsServerProcess xds;
  static WebhookProcess controllers;
  static DataplaneAgent agent;
  static EnvoyAdmin envoy;
  static NginxServer nginx;
  static NginxServer nginxByName;
  static CoreDnsServer clusterDns;
  static EchoServer echoDefault;
  static EchoServer echo1;
  static EchoServer echo2;
  static String clusterIp;

  @BeforeAll
  static void start() {
    gatewayPod = PodNetwork.create();
    gatewayPod.redirectOutboundLikeKumaInit(OUTBOUND_REDIRECT);
    gatewayPod.redirectDnsLikeKumaInit(DNS_RELAY);
    kube = KubeApiServer.start();
    // The cluster DNS, and the gateway Pod's resolv.conf naming it, as the kubelet writes it.
    clusterDns = CoreDnsServer.start(gatewayPod.hostAddress(), kube.kubeconfig(), tmp.resolve("coredns"));
    gatewayPod.resolvConf(clusterDns.address(), GATEWAYS);
    kube.kubectl("apply", "-f", RepoPaths.root().resolve("deploy/k8s/crds").toString());
    kube.kubectl("wait", "--for", "condition=established", "--timeout=60s", "crd/meshgatewayinstances.kuma.io");
    for (String ns : List.of(SYSTEM_NAMESPACE, APPS, GATEWAYS)) kube.kubectl("create", "namespace", ns);
    client = kube.newClient();
    store = StoreProcess.embedded(tmp.resolve("store")).start();
    xds = new XdsServerProcess(store, tmp.resolve("xds")).listenOn(gatewayPod.hostAddress()).start();
    controllers = new WebhookProcess(kube, store, WebhookCertificates.create(tmp.resolve("tls")), tmp.resolve("webhook"))
        .controllers("replica-a", SYSTEM_NAMESPACE, kube.kubeconfig()).start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {nginx, nginxByName, agent, echo1, echo2, echoDefault, gatewayPod, clusterDns,
        controllers, xds, store, client, kube}) {
      try {
        if (c != null) c.close();
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
  }

  @Test
  @Order(1)
  void nginxProxyingToTheServicesClusterIpReachesTheEchoPodThroughTheMeshCluster() {
    client.services().resource(new ServiceBuilder().withNewMetadata().withName("echo").withNamespace(APPS).endMetadata()
        .withNewSpec().withSelector(Map.of("app", "echo")).addNewPort().withPort(80).withTargetPort(new IntOrString("http"))
        .withAppProtocol("http").endPort().endSpec().build()).create();
    clusterIp = client.services().inNamespace(APPS).withName("echo").get().getSpec().getClusterIP();
    echo1 = echoPod("echo-1");

    // The gateway Pod as injection leaves it: delegated gateway, outbound redirection only.
    runningPod(new PodBuilder().withNewMetadata().withName("kong-0").withNamespace(GATEWAYS).withLabels(Map.of("app", "kong"))
        .withAnnotations(Map.of("kuma.io/gateway", "enabled", "kuma.io/sidecar-injected", "true",
            "kuma.io/transparent-proxying", "enabled", "kuma.io/transparent-proxying-outbound-port", "15001",
            "kuma.io/envoy-admin-port", String.valueOf(ADMIN_PORT)))
        .endMetadata().withNewSpec().addNewContainer().withName("proxy").withImage("kong").addNewPort()
        .withContainerPort(NGINX_PORT).endPort().endContainer().endSpec().build(), gatewayPod.podAddress());

    await("the gateway's Dataplane with an outbound for the echo Service", () -> outbounds().size() == 1);
    JsonNode outbound = outbounds().get(0);
    assertThat(outbound.path("address").asText()).isEqualTo(clusterIp);
    assertThat(outbound.path("port").asInt()).isEqualTo(80);
    assertThat(outbound.path("tags").path("kuma.io/service").asText()).isEqualTo(MESH_CLUSTER);

    agent = DataplaneAgent.byName(xds, "default", GATEWAY_DATAPLANE, ADMIN_PORT, gatewayPod.dir(),
            "--envoy-binary", gatewayPod.envoyBinary().toString(), "--dns-enabled")
        .runThrough(gatewayPod.asProxyUser(), gatewayPod.atriumDpLauncher(), gatewayPod.envoyAdmin(ADMIN_PORT))
        .start(WAIT);
    envoy = agent.admin();
    await("Envoy's listener on the ClusterIP", () -> envoy.listenerNames().contains("outbound:" + clusterIp + ":80"));
    await("Envoy's endpoint of " + MESH_CLUSTER, () -> envoy.clusterHosts(MESH_CLUSTER).size() == 1);
    nginx = NginxServer.startBehind(gatewayPod.inside(), gatewayPod.podAddress(), NGINX_PORT, """
        location / {
          proxy_pass http://%s:80;
        }
        """.formatted(clusterIp));
    long passthroughBefore = envoy.stat(PASSTHROUGH_CONNECTIONS);

    Http.Reply reply = Http.get(nginx.url() + "/orders");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("\"server\":\"echo-1\"").contains("/orders");
    assertThat(echo1.requests()).singleElement()
        .satisfies(r -> assertThat(r.header("x-request-id")).as("Envoy's HTTP router carried it").isNotBlank());
    assertThat(envoy.stat(MESH_REQUESTS)).isEqualTo(1);
    assertThat(envoy.stat(PASSTHROUGH_CONNECTIONS)).as("nothing passed through").isEqualTo(passthroughBefore);
  }

  @Test
  @Order(2)
  void aNewEchoEndpointTakesTrafficWithoutRestartingAnything() {
    assertThat(envoy).as("test 1 ran").isNotNull();
    long requestsBefore = envoy.stat(MESH_REQUESTS);
    long passthroughBefore = envoy.stat(PASSTHROUGH_CONNECTIONS);
    long agentPid = agent.pid();

    echo2 = echoPod("echo-2");
    await("Envoy's second endpoint of " + MESH_CLUSTER, () -> envoy.clusterHosts(MESH_CLUSTER).size() == 2);
    for (int i = 0; i < 10; i++) {
      Http.Reply reply = Http.get(nginx.url() + "/after-scale-up/" + i);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    System.out.println("10 requests after scale-up: echo-1 " + (echo1.requestCount() - 1) + ", echo-2 " + echo2.requestCount());
    assertThat(echo2.requestCount()).as("the new endpoint takes traffic").isPositive();
    assertThat(echo1.requestCount()).as("the first keeps some").isGreaterThan(1);
    assertThat(envoy.stat(MESH_REQUESTS) - requestsBefore).isEqualTo(10);
    assertThat(envoy.stat(PASSTHROUGH_CONNECTIONS)).isEqualTo(passthroughBefore);
    assertThat(agent.isAlive()).isTrue();
    assertThat(agent.pid()).as("the same atrium-dp").isEqualTo(agentPid);
  }

  /**
   * The seeds' multi-zone example: nginx (Kong's part) proxies to the ExternalName Service
   * {@code echo-multizone}; the cluster DNS answers its name with {@code CNAME echo.default.svc.80.mesh},
   * and that name, asked again, is answered inside the Pod with the echo service's VIP — the pod's
   * queries go to atrium-dp's DNS relay (kuma-init's redirect), which asks Envoy's DNS first and the
   * cluster DNS for what Envoy does not know. The VIP's outbound carries the request into the mesh.
   */
  @Test
  @Order(3)
  void theSeedsExternalNameServiceReachesTheEchoServiceThroughItsMeshName() throws Exception {
    assertThat(envoy).as("test 1 ran").isNotNull();
    client.services().resource(new ServiceBuilder().withNewMetadata().withName("echo").withNamespace("default").endMetadata()
        .withNewSpec().withSelector(Map.of("app", "echo")).addNewPort().withPort(80).withTargetPort(new IntOrString("http"))
        .withAppProtocol("http").endPort().endSpec().build()).create();
    echoDefault = echoPod("default", "echo-default");
    java.nio.file.Path seedsYaml = java.nio.file.Files.writeString(tmp.resolve("echo-multizone.yaml"), Seeds.read("service-echo-multizone.k8s.yaml"));
    kube.kubectl("apply", "-f", seedsYaml.toString());
    assertThat(client.services().inNamespace("default").withName("echo-multizone").get().getSpec().getExternalName())
        .isEqualTo("echo.default.svc.80.mesh");
    await("Envoy's endpoint of " + DEFAULT_ECHO_CLUSTER, () -> envoy.clusterHosts(DEFAULT_ECHO_CLUSTER).size() == 1);
    await("Envoy's DNS listener", () -> envoy.listenerNames().contains("kuma:dns"));

    // Kong resolves upstream names itself; nginx does so with "resolver" and a variable in proxy_pass.
    nginxByName = NginxServer.startBehind(gatewayPod.inside(), gatewayPod.podAddress(), NGINX_PORT + 1, """
        resolver %s valid=1s ipv6=off;
        location / {
          set $backend echo-multizone.default.svc.cluster.local;
          proxy_pass http://$backend:80;
        }
        """.formatted(clusterDns.address()));
    long passthroughBefore = envoy.stat(PASSTHROUGH_CONNECTIONS);

    Http.Reply reply = Http.get(nginxByName.url() + "/multizone");
    assertThat(reply.status()).as(reply.body() + "\n--- nginx:\n" + java.nio.file.Files.readString(nginxByName.errorLog())
        + "\n--- atrium-dp:\n" + agent.logTail() + "\n--- coredns:\n" + clusterDns.log()).isEqualTo(200);
    assertThat(reply.body()).contains("\"server\":\"echo-default\"").contains("/multizone");
    assertThat(envoy.stat("cluster." + DEFAULT_ECHO_CLUSTER + ".upstream_rq_total")).isEqualTo(1);
    assertThat(envoy.stat(PASSTHROUGH_CONNECTIONS)).as("nothing passed through").isEqualTo(passthroughBefore);
  }

  @Test
  @Order(4)
  void theOutboundGoesWithTheService() {
    assertThat(envoy).as("test 1 ran").isNotNull();
    client.services().inNamespace(APPS).withName("echo").delete();
    await("the gateway's outbound to go", () -> outbounds().stream()
        .noneMatch(o -> o.path("tags").path("kuma.io/service").asText().equals(MESH_CLUSTER)));
    await("Envoy's listener on the ClusterIP to go", () -> !envoy.listenerNames().contains("outbound:" + clusterIp + ":80"));
  }

  /** An echo server on an address of its own, and a running, injected Pod with that IP the echo Service selects. */
  static EchoServer echoPod(String name) {
    return echoPod(APPS, name);
  }

  static EchoServer echoPod(String namespace, String name) {
    EchoServer echo = EchoServer.startOn(name, gatewayPod.addHostAddress());
    String ip = echo.url().replaceAll("^http://|:\\d+$", "");
    runningPod(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(Map.of("app", "echo"))
        .withAnnotations(Map.of("kuma.io/sidecar-injected", "true")).endMetadata()
        .withNewSpec().addNewContainer().withName("echo").withImage("registry.example/echo:1")
        .addNewPort().withName("http").withContainerPort(echo.port()).endPort().endContainer().endSpec().build(), ip);
    return echo;
  }

  /** Creates the Pod and reports it Running with {@code ip}, as the kubelet would. */
  static void runningPod(Pod pod, String ip) {
    client.pods().resource(pod).create();
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
      p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).withPodIPs(new PodIP(ip)).build());
      return p;
    });
  }

  static List<JsonNode> outbounds() {
    Http.Reply dp = Http.get(store.apiUrl() + "/meshes/default/dataplanes/" + GATEWAY_DATAPLANE);
    if (dp.status() != 200) return List.of();
    JsonNode list = dp.json().path("networking").path("outbound");
    return java.util.stream.StreamSupport.stream(list.spliterator(), false).toList();
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
        + "\n--- xds-server:\n" + xds.logTail() + (agent == null ? "" : "\n--- atrium-dp:\n" + agent.logTail()));
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }
}
