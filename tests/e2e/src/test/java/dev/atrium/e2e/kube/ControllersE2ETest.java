package dev.atrium.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.testing.kube.WebhookCertificates;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.WebhookProcess;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.atrium.testing.tls.InternalCertificates;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes controllers end to end: a real kube-apiserver 1.34 with the kuma.io CRDs (no kubelet,
 * no controller-manager: the test sets Pod IPs and phases, and Deployment and Service status, itself
 * with status patches), a real resource-store (embedded backend), and two replicas of the packaged
 * admission-webhook process running the controllers as a service account with only the RBAC of
 * {@code controllers-rbac.yaml}, of which only the Lease holder acts; last, the store killed for 6 s
 * and a Pod created meanwhile gets its Dataplane as soon as the store is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllersE2ETest {
  static final String SYSTEM_NAMESPACE = "atrium-system";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Path CRDS = RepoPaths.root().resolve("deploy/k8s/crds");
  static final String XDS_ADDRESS = "https://atrium-xds-server.atrium-system.svc:5678";
  static final Path RBAC = RepoPaths.root().resolve("tests/e2e/src/test/resources/kube/controllers-rbac.yaml");

  @TempDir static Path tmp;
  static KubeApiServer kube;
  static KubernetesClient client;
  static StoreProcess store;
  static ManagedChannel channel;
  static StoreGrpc.StoreBlockingStub stub;
  static Replica a;
  static Replica b;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
    kube.kubectl("apply", "-f", CRDS.toString());
    kube.kubectl("wait", "--for", "condition=established", "--timeout=60s", "crd/meshgatewayinstances.kuma.io");
    for (String ns : List.of(SYSTEM_NAMESPACE, "kong", "demo")) kube.kubectl("create", "namespace", ns);
    client = kube.newClient();
    store = StoreProcess.embedded(tmp.resolve("store")).start();
    channel = StoreChannels.to(store.grpcPort());
    stub = StoreGrpc.newBlockingStub(channel);
    kube.kubectl("apply", "-f", RBAC.toString());
    Path kubeconfig = serviceAccountKubeconfig();
    WebhookCertificates certs = WebhookCertificates.create(tmp.resolve("tls"));
    a = replica("replica-a", certs, kubeconfig);
    b = replica("replica-b", certs, kubeconfig);
  }

  static Replica replica(String identity, WebhookCertificates certs, Path kubeconfig) {
    WebhookProcess p = new WebhookProcess(kube, store, certs, tmp.resolve(identity))
        .controllers(identity, SYSTEM_NAMESPACE, kubeconfig)
        // As the chart: the internal CA (which signs the xds-server's certificate) for the gateway Pods.
        .controlPlane(XDS_ADDRESS, InternalCertificates.shared().caFile());
    return new Replica(identity, p.start());
  }

  /** The controllers' service account (RBAC from controllers-rbac.yaml) with a token, as a kubeconfig. */
  static Path serviceAccountKubeconfig() {
    String token = kube.kubectl("create", "token", "atrium-admission-webhook", "-n", SYSTEM_NAMESPACE, "--duration=2h").trim();
    try {
      String ca = java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(kube.caCertificate()));
      return java.nio.file.Files.writeString(tmp.resolve("controllers.kubeconfig"), """
          apiVersion: v1
          kind: Config
          clusters:
          - name: e2e
            cluster:
              server: %s
              certificate-authority-data: %s
          users:
          - name: atrium-admission-webhook
            user:
              token: %s
          contexts:
          - name: controllers
            context:
              cluster: e2e
              user: atrium-admission-webhook
          current-context: controllers
          """.formatted(kube.url(), ca, token));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One controller replica: the packaged admission-webhook process and its Lease identity. */
  record Replica(String identity, WebhookProcess process) {
    String log() {
      return process.log();
    }

    void kill() {
      process.kill();
    }
  }

  @AfterAll
  static void stop() {
    keepLogs();
    for (Replica r : new Replica[] {a, b}) {
      if (r != null) r.process().close();
    }
    if (channel != null) channel.shutdownNow();
    if (store != null) store.close();
    if (client != null) client.close();
    if (kube != null) kube.close();
  }

  @Test
  @Order(1)
  void oneReplicaHoldsTheLeaseAndOnlyItRunsTheControllers() {
    String holder = await("a Lease holder", () -> Optional.ofNullable(lease()).map(l -> l.getSpec().getHolderIdentity()));
    assertThat(holder).isIn("replica-a", "replica-b");
    Replica leader = leader();
    Replica follower = leader == a ? b : a;
    await("the leader's controllers", () -> leader.log().contains("controllers running") ? Optional.of(true) : Optional.empty());
    await("the follower to see the leader",
        () -> follower.log().contains("following leader " + leader.identity()) ? Optional.of(true) : Optional.empty());
    assertThat(follower.log()).doesNotContain("controllers running");
  }

  @Test
  @Order(2)
  void aDelegatedGatewayPodGetsADelegatedDataplaneOnceItHasAnIp() {
    client.services().resource(service("kong", "kong-proxy", Map.of("app", "kong"), 80, "proxy", "http")).create();
    client.pods().resource(pod("kong", "kong-0", Map.of("app", "kong"), Map.of("kuma.io/gateway", "enabled"),
        "proxy", 8000)).create();
    sleep(Duration.ofSeconds(1));
    assertThat(dataplane("kong-0.kong")).as("no Dataplane before the Pod has an IP").isEmpty();

    setPodIp("kong", "kong-0", "10.244.1.20");

    Resource dp = await("the delegated gateway's Dataplane", () -> dataplane("kong-0.kong"));
    DataplaneSpec spec = dp.specAs(DataplaneSpec.class);
    assertThat(spec.networking().address()).isEqualTo("10.244.1.20");
    assertThat(spec.networking().gateway().effectiveType()).isEqualTo(DataplaneSpec.GatewayType.DELEGATED);
    assertThat(spec.networking().gateway().tags()).containsEntry("kuma.io/service", "kong-proxy_kong_svc_80")
        .containsEntry("k8s.kuma.io/namespace", "kong").doesNotContainKey("kuma.io/protocol");
    assertThat(spec.networking().inbound()).isEmpty();
    assertThat(dp.meta().labels()).containsEntry("kuma.io/display-name", "kong-0").containsEntry("kuma.io/env", "kubernetes");
  }

  @Test
  @Order(3)
  void sidecarPodsSelectedByAServiceGetAnInboundPerPort() {
    client.services().resource(service("demo", "web", Map.of("app", "web"), 80, "http", "http")).create();
    for (int i = 0; i < 2; i++) {
      client.pods().resource(pod("demo", "web-" + i, Map.of("app", "web"), Map.of("kuma.io/sidecar-injected", "true"),
          "http", 8080)).create();
      setPodIp("demo", "web-" + i, "10.244.2." + (10 + i));
    }
    for (int i = 0; i < 2; i++) {
      Resource dp = await("web-" + i + "'s Dataplane", dataplaneSupplier("web-" + i + ".demo"));
      DataplaneSpec.Inbound inbound = dp.specAs(DataplaneSpec.class).networking().inbound().get(0);
      assertThat(dp.specAs(DataplaneSpec.class).networking().inbound()).hasSize(1);
      assertThat(inbound.port()).isEqualTo(8080);
      assertThat(inbound.tags()).containsEntry("kuma.io/service", "web_demo_svc_80").containsEntry("kuma.io/protocol", "http")
          .containsEntry("app", "web").containsEntry("k8s.kuma.io/service-name", "web");
    }
  }

  @Test
  @Order(4)
  void deletedAndFinishedPodsLoseTheirDataplanes() {
    client.pods().inNamespace("demo").withName("web-1").withGracePeriod(0).delete();
    await("web-1's Dataplane to go", () -> dataplane("web-1.demo").isEmpty() ? Optional.of(true) : Optional.empty());

    client.pods().inNamespace("demo").withName("web-0").editStatus(p -> {
      p.getStatus().setPhase("Succeeded");
      return p;
    });
    await("web-0's Dataplane to go once it finished",
        () -> dataplane("web-0.demo").isEmpty() ? Optional.of(true) : Optional.empty());
    assertThat(dataplane("kong-0.kong")).as("other Pods keep theirs").isPresent();
  }

  @Test
  @Order(5)
  void theSeedMeshGatewayInstanceGetsADeploymentAndALoadBalancerServiceAndSaysWhyItIsNotReady() throws IOException {
    String instanceYaml = Seeds.read("meshgatewayinstance-edge-gateway.k8s.yaml");
    kube.kubectl("apply", "-f", write("mgi.yaml", instanceYaml)); // the Kubernetes object, which carries the status
    put(ResourceCodec.decode(instanceYaml));
    put(ResourceCodec.decode(Seeds.read("meshgateway-edge-gateway.k8s.yaml")));

    Service svc = await("the gateway Service", () -> Optional.ofNullable(
        client.services().inNamespace("default").withName("edge-gateway").get()));
    assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(8080);
      assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
    });
    Deployment deployment = await("the gateway Deployment", () -> Optional.ofNullable(
        client.apps().deployments().inNamespace("default").withName("edge-gateway").get()));
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("kuma.io/gateway", "builtin").containsEntry("kuma.io/tags", "{\"kuma.io/service\":\"edge-gateway\"}");
    String uid = instance().path("metadata").path("uid").asText();
    // Its atrium-dp reaches the xds-server over HTTPS and verifies it with the CA given inline: nothing had
    // to be copied into the instance's namespace first.
    Map<String, String> env = new java.util.HashMap<>();
    deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> {
      if (e.getValue() != null) env.put(e.getName(), e.getValue());
    });
    assertThat(env).containsEntry("ATRIUM_CP_ADDRESS", XDS_ADDRESS)
        .containsEntry("KUMA_CONTROL_PLANE_CA_CERT", java.nio.file.Files.readString(InternalCertificates.shared().caFile()));
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("tmp");
    assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
    assertThat(svc.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));

    JsonNode ready = awaitCondition("DeploymentNotAvailable");
    assertThat(ready.path("status").asText()).isEqualTo("False");
    assertThat(ready.path("message").asText()).isEqualTo("Deployment edge-gateway: 0/1 replicas available");

    // What the controller-manager would report once the gateway Pod runs.
    client.apps().deployments().inNamespace("default").withName("edge-gateway").editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(1)
          .withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
          .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
          .withMessage("Deployment has minimum availability.").endCondition().build());
      return d;
    });
    ready = awaitCondition("LoadBalancerAddressNotReady");
    assertThat(ready.path("message").asText()).isEqualTo("Service edge-gateway (LoadBalancer) has no load-balancer address yet");

    // What a cloud load-balancer controller would report.
    client.services().inNamespace("default").withName("edge-gateway").editStatus(s -> {
      s.getStatus().getLoadBalancer().getIngress().add(new io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder()
          .withIp("203.0.113.10").build());
      return s;
    });
    ready = awaitCondition("Ready");
    assertThat(ready.path("status").asText()).isEqualTo("True");
    assertThat(ready.path("message").asText()).isEqualTo("1/1 replicas available; Service edge-gateway (LoadBalancer) at 203.0.113.10");
    assertThat(instance().path("status").path("loadBalancer").path("ingress").get(0).path("ip").asText()).isEqualTo("203.0.113.10");
  }

  @Test
  @Order(6)
  void aPodOfTheGatewayDeploymentGetsABuiltinDataplaneWithTheInstancesTags() {
    Deployment deployment = client.apps().deployments().inNamespace("default").withName("edge-gateway").get();
    // What the ReplicaSet controller would create from the Deployment's template.
    Pod pod = new PodBuilder().withMetadata(deployment.getSpec().getTemplate().getMetadata()).editMetadata()
        .withName("edge-gateway-7d9f-x1").withNamespace("default").endMetadata()
        .withSpec(deployment.getSpec().getTemplate().getSpec()).build();
    client.pods().resource(pod).create();
    setPodIp("default", "edge-gateway-7d9f-x1", "10.244.3.5");

    Resource dp = await("the builtin gateway's Dataplane", dataplaneSupplier("edge-gateway-7d9f-x1.default"));
    DataplaneSpec.Gateway gateway = dp.specAs(DataplaneSpec.class).networking().gateway();
    assertThat(gateway.effectiveType()).isEqualTo(DataplaneSpec.GatewayType.BUILTIN);
    assertThat(gateway.tags()).isEqualTo(Map.of("kuma.io/service", "edge-gateway"));
  }

  @Test
  @Order(7)
  void removingTheInstanceRemovesItsDeploymentAndService() {
    stub.delete(DeleteRequest.newBuilder().setKey(key(ResourceKind.MESH_GATEWAY_INSTANCE, "edge-gateway.default")).build());
    await("the Deployment to go", () -> client.apps().deployments().inNamespace("default").withName("edge-gateway").get() == null
        ? Optional.of(true) : Optional.empty());
    await("the Service to go", () -> client.services().inNamespace("default").withName("edge-gateway").get() == null
        ? Optional.of(true) : Optional.empty());
  }

  @Test
  @Order(8)
  void whenTheLeaderDiesTheOtherReplicaTakesOverAndActs() {
    Replica leader = leader();
    Replica follower = leader == a ? b : a;
    assertThat(follower.log()).as("the follower wrote nothing while the leader led")
        .doesNotContain("created Dataplane").doesNotContain("deleted Dataplane").doesNotContain("MeshGatewayInstance default/");
    assertThat(leader.log()).contains("created Dataplane default/kong-0.kong");

    leader.kill();
    await("the follower to take the Lease", () -> Optional.ofNullable(lease())
        .filter(l -> follower.identity().equals(l.getSpec().getHolderIdentity())));
    await("the new leader's controllers", () -> follower.log().contains("controllers running") ? Optional.of(true) : Optional.empty());

    client.pods().resource(pod("demo", "web-2", Map.of("app", "web"), Map.of("kuma.io/sidecar-injected", "true"),
        "http", 8080)).create();
    setPodIp("demo", "web-2", "10.244.2.12");
    await("web-2's Dataplane from the new leader", dataplaneSupplier("web-2.demo"));
    assertThat(follower.log()).contains("created Dataplane default/web-2.demo");
  }

  @Test
  @Order(9)
  void aPodCreatedWhileTheStoreIsAwayGetsItsDataplaneAsSoonAsTheStoreReturns() throws Exception {
    store.kill();
    client.pods().resource(pod("demo", "web-3", Map.of("app", "web"), Map.of("kuma.io/sidecar-injected", "true"),
        "http", 8080)).create();
    setPodIp("demo", "web-3", "10.244.2.13");
    // Its reconcile fails meanwhile and backs off (200 ms doubling): its next try is seconds away by now.
    sleep(Duration.ofSeconds(6));
    store.start(); // same ports and data; returns once the store reports ready
    long back = System.nanoTime();
    await("web-3's Dataplane after the store's return", () -> restStatus("/meshes/default/dataplanes/web-3.demo") == 200
        ? Optional.of(true) : Optional.empty());
    Duration took = Duration.ofNanos(System.nanoTime() - back);
    System.out.printf("controllers: a Pod created while the store was away for 6 s had its Dataplane %d ms after the "
        + "store was back%n", took.toMillis());
    assertThat(took).as("the controllers' Watch resumed and the failed reconcile was retried at once")
        .isLessThan(Duration.ofSeconds(2));
  }

  // --- helpers

  /** The store's REST answer to GET {@code path}: unlike the test's gRPC channel, it has no reconnect back-off. */
  static int restStatus(String path) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(store.apiUrl() + path)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The replicas' logs outlive the temporary directory, in target/controllers-e2e, for a failed CI run. */
  static void keepLogs() {
    try {
      Path dir = RepoPaths.root().resolve("tests/e2e/target/controllers-e2e");
      java.nio.file.Files.createDirectories(dir);
      for (Replica r : new Replica[] {a, b}) {
        if (r != null) java.nio.file.Files.writeString(dir.resolve(r.identity() + ".log"), r.log());
      }
    } catch (IOException e) {
      // the logs are a convenience
    }
  }

  static Replica leader() {
    String holder = lease().getSpec().getHolderIdentity();
    return a.identity().equals(holder) ? a : b;
  }

  static Lease lease() {
    return client.leases().inNamespace(SYSTEM_NAMESPACE).withName("atrium-controllers").get();
  }

  static Pod pod(String ns, String name, Map<String, String> labels, Map<String, String> annotations, String portName, int port) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels)
        .withAnnotations(annotations).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("registry.example/app:1")
        .addNewPort().withName(portName).withContainerPort(port).endPort().endContainer().endSpec().build();
  }

  static Service service(String ns, String name, Map<String, String> selector, int port, String targetPort, String appProtocol) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withSelector(selector).addNewPort().withPort(port).withTargetPort(new IntOrString(targetPort))
        .withAppProtocol(appProtocol).endPort().endSpec().build();
  }

  /** What the kubelet would report once the Pod's sandbox is up. */
  static void setPodIp(String ns, String name, String ip) {
    client.pods().inNamespace(ns).withName(name).editStatus(p -> {
      p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).withPodIPs(new PodIP(ip)).build());
      return p;
    });
  }

  static Optional<Resource> dataplane(String name) {
    try {
      var r = stub.get(GetRequest.newBuilder().setKey(key(ResourceKind.DATAPLANE, name)).build());
      return Optional.of(new Resource(ResourceKind.DATAPLANE,
          new dev.atrium.core.model.ResourceMeta(r.getKey().getMesh(), r.getKey().getName(), r.getLabelsMap(), null, null,
              r.getVersion()), ResourceCodec.decodeSpec(ResourceKind.DATAPLANE, r.getSpecJson())));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return Optional.empty();
      throw e;
    }
  }

  static Supplier<Optional<Resource>> dataplaneSupplier(String name) {
    return () -> dataplane(name);
  }

  static ResourceKey key(ResourceKind kind, String name) {
    return ResourceKey.newBuilder().setKind(kind.typeName()).setMesh("default").setName(name).build();
  }

  static void put(Resource r) {
    stub.put(PutRequest.newBuilder().setKey(key(r.kind(), r.name())).putAllLabels(r.meta().labels())
        .setSpecJson(ResourceCodec.encodeSpec(r.spec())).build());
  }

  static JsonNode instance() {
    try {
      return Mappers.JSON.readTree(kube.kubectl("get", "meshgatewayinstances.kuma.io", "edge-gateway", "-n", "default", "-o", "json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode awaitCondition(String reason) {
    return await("the Ready condition with reason " + reason, () -> {
      for (JsonNode c : instance().path("status").path("conditions")) {
        if ("Ready".equals(c.path("type").asText()) && reason.equals(c.path("reason").asText())) return Optional.of(c);
      }
      return Optional.empty();
    });
  }

  static String write(String file, String text) throws IOException {
    Path p = tmp.resolve(file);
    java.nio.file.Files.writeString(p, text);
    return p.toString();
  }

  static <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> v = probe.get();
      if (v.isPresent()) return v.get();
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("timed out waiting for " + what + "\n--- replica-a:\n" + tail(a) + "\n--- replica-b:\n" + tail(b));
  }

  private static String tail(Replica r) {
    if (r == null) return "";
    String[] lines = r.log().split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
