package dev.atrium.store.backend.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.metrics.OperationMeters;
import dev.atrium.store.service.ResourceService;
import dev.atrium.store.watch.RecordingListener;
import dev.atrium.store.watch.WatchHub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What users do with kubectl, seen through the store (writes, objects written around validation), and
 * what the store's writes look like to kubectl: Kuma's object layout.
 */
class KubernetesBackendKubectlTest {
  private static TestCluster cluster;
  private StoreBackend backend;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start();
    cluster.server().kubectl("create", "namespace", "demo");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void openStore() {
    cluster.wipe();
    backend = cluster.open(EventRetention.DEFAULT);
  }

  @AfterEach
  void closeStore() {
    backend.close();
  }

  static final String MESH = """
      apiVersion: kuma.io/v1alpha1
      kind: Mesh
      metadata:
        name: default
      """;

  static String route(String name, String service, String targetRef) {
    return """
        apiVersion: kuma.io/v1alpha1
        kind: MeshHTTPRoute
        metadata:
          name: %s
          namespace: demo
          labels:
            kuma.io/mesh: default
        spec:
          targetRef: %s
          to:
            - targetRef: {kind: MeshService, name: %s}
              rules:
                - matches: [{path: {type: PathPrefix, value: /}}]
                  default:
                    backendRefs: [{kind: MeshService, name: %s}]
        """.formatted(name, targetRef, service, service);
  }

  @Test
  void aKubectlApplyShowsUpInAWatch() {
    try (WatchHub hub = new WatchHub(backend)) {
      RecordingListener listener = new RecordingListener();
      hub.subscribe(0, Set.of(), null, listener);
      long synced = listener.awaitSynced();

      cluster.kubectlApply(MESH + "---\n" + route("route-1", "web", "{kind: Mesh}"));
      List<StoreEvent> events = listener.awaitEvents(2);
      assertThat(events).extracting(StoreEvent::type, StoreEvent::key).containsExactly(
          org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.PUT, new ResourceKey("Mesh", "", "default")),
          org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.PUT, new ResourceKey("MeshHTTPRoute", "default", "route-1.demo")));
      assertThat(events.get(0).revision()).isGreaterThan(synced).isLessThan(events.get(1).revision());
      StoredResource route = events.get(1).resource();
      assertThat(route.labels()).containsEntry("kuma.io/display-name", "route-1").containsEntry("k8s.kuma.io/namespace", "demo");
      assertThat(route.json()).contains("\"name\":\"web\"");
      assertThat(backend.get(route.key())).contains(route);

      cluster.server().kubectl("delete", "meshhttproute", "route-1", "-n", "demo");
      assertThat(listener.awaitEvents(3).get(2)).satisfies(e -> {
        assertThat(e.type()).isEqualTo(StoreEvent.Type.DELETE);
        assertThat(e.resource()).isEqualTo(route);
        assertThat(e.revision()).isGreaterThan(route.version());
      });
    }
  }

  @Test
  void anInvalidObjectWrittenAroundValidationIsSkippedAndTheWatchGoesOn() {
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord r) {
        warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Logger logger = Logger.getLogger(Sequencer.class.getName());
    logger.addHandler(capture);
    try (WatchHub hub = new WatchHub(backend)) {
      RecordingListener listener = new RecordingListener();
      hub.subscribe(0, Set.of(), null, listener);
      listener.awaitSynced();
      cluster.kubectlApply(MESH + "---\n" + route("route-2", "web", "{kind: Mesh}"));
      StoredResource good = listener.awaitEvents(2).get(1).resource();

      // No webhook runs here: the API server takes what its schema allows, whatever Kuma's rules say.
      cluster.kubectlApply(route("route-2", "web-v2", "{kind: Mesh, name: oops}"));
      cluster.kubectlApply(route("broken", "web", "{kind: Mesh, name: oops}"));
      cluster.kubectlApply(route("route-3", "api", "{kind: Mesh}"));

      List<StoreEvent> events = listener.awaitEvents(3);
      assertThat(events.get(2).key().name()).as("the watch went on past both").isEqualTo("route-3.demo");
      assertThat(backend.get(good.key())).as("the last valid version stays").contains(good);
      assertThat(backend.get(new ResourceKey("MeshHTTPRoute", "default", "broken.demo"))).isEmpty();
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("skipping MeshHTTPRoute demo/route-2")
          .contains("using name with kind Mesh is not yet supported"));
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("skipping MeshHTTPRoute demo/broken"));

      cluster.server().kubectl("delete", "meshhttproute", "route-2", "-n", "demo");
      StoreEvent deleted = listener.awaitEvents(4).get(3);
      assertThat(deleted.type()).isEqualTo(StoreEvent.Type.DELETE);
      assertThat(deleted.resource()).as("the deletion reports what the store had").isEqualTo(good);
      assertThat(listener.error()).isNull();
    } finally {
      logger.removeHandler(capture);
    }
  }

  @Test
  void resourcesWrittenThroughTheStoreAreKumaObjects() throws Exception {
    put(new ResourceKey("Mesh", "", "default"), Map.of(), "{}");
    put(new ResourceKey("MeshHTTPRoute", "default", "web"), Map.of(), routeSpec());
    put(new ResourceKey("MeshHTTPRoute", "default", "api.demo"),
        Map.of("k8s.kuma.io/namespace", "demo", "kuma.io/display-name", "api"), routeSpec());
    String secret = Base64.getEncoder().encodeToString("hello".getBytes());
    put(new ResourceKey("Secret", "default", "token"), Map.of(), "{\"data\":\"" + secret + "\"}");

    // Written without a namespace: the system namespace, under its own name, marked to read back so.
    JsonNode web = kubectlGet("meshhttproute", "web", "kuma-system");
    assertThat(web.at("/metadata/labels/kuma.io~1mesh").asText()).isEqualTo("default");
    assertThat(web.at("/metadata/annotations/atrium.dev~1universal-name").asText()).isEqualTo("true");
    assertThat(kubectlGet("meshhttproute", "api", "demo").at("/spec/targetRef/kind").asText()).isEqualTo("Mesh");
    JsonNode token = kubectlGet("secret", "token", "kuma-system");
    assertThat(token.path("type").asText()).isEqualTo("system.kuma.io/secret");
    assertThat(token.at("/metadata/labels/kuma.io~1mesh").asText()).isEqualTo("default");
    assertThat(token.at("/data/value").asText()).isEqualTo(secret);

    // And a Kuma secret made with kubectl is a store Secret.
    cluster.kubectlApply("""
        apiVersion: v1
        kind: Secret
        metadata: {name: other-token, namespace: kuma-system, labels: {kuma.io/mesh: default}}
        type: system.kuma.io/secret
        data: {value: %s}
        """.formatted(secret));
    ResourceKey other = new ResourceKey("Secret", "default", "other-token");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (backend.get(other).isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(backend.get(other)).get().extracting(StoredResource::json).isEqualTo("{\"data\":\"" + secret + "\"}");
  }

  @Test
  void syncedCopiesKeepTheirOriginalsNameAndZoneIngressesAreNamespacedAsKumas() throws Exception {
    // A copy from global: a hashed name in the system namespace, its original's name in kuma.io/display-name.
    Map<String, String> copy = Map.of("kuma.io/display-name", "web", "kuma.io/origin", "global");
    put(new ResourceKey("MeshHTTPRoute", "default", "web-4x9zz2c5w4b8wd2b"), copy, routeSpec());
    JsonNode object = kubectlGet("meshhttproute", "web-4x9zz2c5w4b8wd2b", "kuma-system");
    assertThat(object.at("/metadata/labels/kuma.io~1display-name").asText()).isEqualTo("web");
    assertThat(object.at("/metadata/labels/kuma.io~1origin").asText()).isEqualTo("global");

    // A Pod's ZoneIngress (Kuma's name.namespace) is the object beside its Pod; another zone's copy, kept
    // under global's name with its original labels, goes to the system namespace under that name.
    String ingress = "{\"networking\":{\"address\":\"10.0.0.5\",\"port\":10001}}";
    put(new ResourceKey("ZoneIngress", "", "ingress-0.demo"), Map.of("k8s.kuma.io/namespace", "demo",
        "kuma.io/display-name", "ingress-0"), ingress);
    assertThat(kubectlGet("zoneingress", "ingress-0", "demo").at("/spec/networking/port").asInt()).isEqualTo(10001);
    Map<String, String> remote = Map.of("k8s.kuma.io/namespace", "kuma-system", "kuma.io/display-name", "ingress-0",
        "kuma.io/zone", "zone-2", "kuma.io/origin", "zone");
    put(new ResourceKey("ZoneIngress", "", "ingress-0-zz8c9c2x9b6v8w4f"), remote, ingress);
    JsonNode other = kubectlGet("zoneingress", "ingress-0-zz8c9c2x9b6v8w4f", "kuma-system");
    assertThat(other.at("/metadata/labels/kuma.io~1zone").asText()).isEqualTo("zone-2");
    assertThat(other.at("/metadata/labels/k8s.kuma.io~1namespace").asText()).isEqualTo("kuma-system");
  }

  @Test
  void theRestApisWriteRulesRunOnKubernetes() throws Exception {
    ResourceService service = new ResourceService(backend, new ZoneOnlyConfig(), new OperationMeters(new SimpleMeterRegistry()));
    service.ensureDefaultMesh();
    service.put(ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: backend-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: 8080
              tags: {kuma.io/service: backend}
        """), StoreBackend.MUST_NOT_EXIST);
    service.put(ResourceCodec.decode("""
        type: DataplaneInsight
        mesh: default
        name: backend-1
        subscriptions:
          - id: cp-1:1
            controlPlaneInstanceId: cp-1
            connectTime: "2025-06-01T10:00:00Z"
        """), StoreBackend.ANY_VERSION);

    // Kuma's layout: the older kinds carry the mesh as a field; an insight's body is its status.
    JsonNode dataplane = kubectlGet("dataplane", "backend-1", "kuma-system");
    assertThat(dataplane.path("mesh").asText()).isEqualTo("default");
    assertThat(dataplane.at("/spec/networking/address").asText()).isEqualTo("127.0.0.1");
    assertThat(kubectlGet("dataplaneinsight", "backend-1", "kuma-system").at("/status/subscriptions/0/id").asText())
        .isEqualTo("cp-1:1");

    List<StoreEvent> deleted = service.delete(ResourceKind.DATAPLANE, "default", "backend-1", StoreBackend.ANY_VERSION);
    assertThat(deleted).extracting(e -> e.key().kind()).containsExactly("Dataplane", "DataplaneInsight");
    assertThat(service.list(ResourceKind.DATAPLANE_INSIGHT, "default")).isEmpty();
  }

  /**
   * Kuma's default policies on Kubernetes: objects {@code <prefix>-<mesh>} in the system namespace, written
   * once per Mesh whether the Mesh came through the API (before it answers) or from kubectl (by the
   * store's Mesh watch, which then labels the Mesh so that a default the user deleted stays deleted).
   */
  @Test
  void meshesGetKumasDefaultPoliciesInTheSystemNamespaceOnceWhetherMadeByTheApiOrByKubectl() throws Exception {
    ResourceService service = new ResourceService(backend, new ZoneOnlyConfig(), new OperationMeters(new SimpleMeterRegistry()));
    service.put(ResourceCodec.decode("type: Mesh\nname: api-made\n"), StoreBackend.MUST_NOT_EXIST);
    service.put(ResourceCodec.decode("type: Mesh\nname: api-bare\nskipCreatingInitialPolicies: ['*']\n"), StoreBackend.MUST_NOT_EXIST);

    List<String> apiMade = defaultObjects("api-made");
    System.out.println("Kubernetes, Mesh api-made (REST path): " + apiMade);
    assertThat(apiMade).containsExactlyInAnyOrder("meshtimeout/mesh-timeout-all-api-made",
        "meshtimeout/mesh-gateways-timeout-all-api-made", "meshretry/mesh-retry-all-api-made",
        "meshcircuitbreaker/mesh-circuit-breaker-all-api-made");
    assertThat(defaultObjects("api-bare")).as("skipCreatingInitialPolicies: ['*']").isEmpty();
    JsonNode timeout = kubectlGet("meshtimeout", "mesh-timeout-all-api-made", "kuma-system");
    assertThat(timeout.at("/spec/to/0/default/http/requestTimeout").asText()).isEqualTo("15s");
    assertThat(timeout.at("/spec/targetRef/proxyTypes/0").asText()).isEqualTo("Sidecar");
    assertThat(kubectlGet("meshretry", "mesh-retry-all-api-made", "kuma-system").at("/spec/to/0/default/http/numRetries").asInt())
        .isEqualTo(5);
    assertThat(service.get(ResourceKind.MESH_TIMEOUT, "api-made", "mesh-gateways-timeout-all-api-made.kuma-system"))
        .as("the store's name for it, as Kuma's").isPresent();

    try (WatchHub hub = new WatchHub(backend)) {
      new dev.atrium.store.ca.MeshCaWatch(hub, service, backend);
      cluster.kubectlApply("""
          apiVersion: kuma.io/v1alpha1
          kind: Mesh
          metadata:
            name: kubectl-made
          spec:
            skipCreatingInitialPolicies: [MeshRetry]
          """);
      List<String> made = awaitDefaultObjects("kubectl-made", 3);
      System.out.println("Kubernetes, Mesh kubectl-made (kubectl apply, skip MeshRetry): " + made);
      assertThat(made).containsExactlyInAnyOrder("meshtimeout/mesh-timeout-all-kubectl-made",
          "meshtimeout/mesh-gateways-timeout-all-kubectl-made", "meshcircuitbreaker/mesh-circuit-breaker-all-kubectl-made");
      awaitMeshLabel("kubectl-made", "k8s.kuma.io/mesh-defaults-generated");

      cluster.server().kubectl("delete", "meshtimeout", "mesh-timeout-all-kubectl-made", "-n", "kuma-system");
      cluster.kubectlApply("""
          apiVersion: kuma.io/v1alpha1
          kind: Mesh
          metadata:
            name: kubectl-made
            labels: {team: a}
          spec:
            skipCreatingInitialPolicies: [MeshRetry]
          """);
      awaitMeshLabel("kubectl-made", "team");
      Thread.sleep(1_000); // the watch's worker has seen the change by now
      assertThat(defaultObjects("kubectl-made")).as("a deleted default stays deleted")
          .containsExactlyInAnyOrder("meshtimeout/mesh-gateways-timeout-all-kubectl-made",
              "meshcircuitbreaker/mesh-circuit-breaker-all-kubectl-made");
    }
  }

  /** "kind/name" of the MeshTimeout, MeshRetry and MeshCircuitBreaker objects labelled with {@code mesh}, from kubectl. */
  private static List<String> defaultObjects(String mesh) {
    List<String> out = new java.util.ArrayList<>();
    for (String kind : List.of("meshtimeout", "meshretry", "meshcircuitbreaker")) {
      String names = cluster.server().kubectl("get", kind, "-n", "kuma-system", "-l", "kuma.io/mesh=" + mesh,
          "-o", "jsonpath={.items[*].metadata.name}").trim();
      for (String n : names.split("\\s+")) if (!n.isEmpty()) out.add(kind + "/" + n);
    }
    return out;
  }

  private static List<String> awaitDefaultObjects(String mesh, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    List<String> found = defaultObjects(mesh);
    while (found.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
      found = defaultObjects(mesh);
    }
    return found;
  }

  private void awaitMeshLabel(String mesh, String label) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    ResourceKey key = new ResourceKey("Mesh", "", mesh);
    while (System.nanoTime() < deadline) {
      if (backend.get(key).map(m -> m.labels().containsKey(label)).orElse(false)) return;
      Thread.sleep(100);
    }
    throw new AssertionError("Mesh " + mesh + " never got the label " + label + ": " + backend.get(key));
  }

  /** ResourceService reads only the zone. */
  private static final class ZoneOnlyConfig implements StoreConfig {
    @Override public Backend backend() { return Backend.kubernetes; }
    @Override public dev.atrium.core.multizone.ControlPlaneMode mode() { return dev.atrium.core.multizone.ControlPlaneMode.STANDALONE; }
    @Override public Embedded embedded() { throw new UnsupportedOperationException(); }
    @Override public Postgres postgres() { throw new UnsupportedOperationException(); }
    @Override public Kubernetes kubernetes() {
      return new Kubernetes() {
        @Override public String systemNamespace() { return TestCluster.SYSTEM_NAMESPACE; }
        @Override public java.time.Duration startTimeout() { return java.time.Duration.ofSeconds(60); }
        @Override public int eventRetention() { return 10_000; }
      };
    }
    @Override public int eventRetention() { return 100_000; }
    @Override public boolean createDefaultMesh() { return true; }
    @Override public String zone() { return "default"; }
    @Override public java.time.Duration zoneHeartbeat() { return java.time.Duration.ofSeconds(5); }
    @Override public java.time.Duration zoneOfflineAfter() { return java.time.Duration.ofSeconds(15); }
    @Override public java.util.Optional<java.nio.file.Path> globalZoneTokenFile() { return java.util.Optional.empty(); }
    @Override public boolean zoneAllowWithoutToken() { return false; }
  }

  private void put(ResourceKey key, Map<String, String> labels, String json) {
    StoredResource stored = backend.put(key, labels, json, StoreBackend.MUST_NOT_EXIST).resource();
    assertThat(backend.get(key)).contains(stored);
    assertThat(stored.labels()).isEqualTo(labels);
  }

  private static String routeSpec() {
    return "{\"targetRef\":{\"kind\":\"Mesh\"},\"to\":[{\"targetRef\":{\"kind\":\"MeshService\",\"name\":\"web\"},"
        + "\"rules\":[{\"default\":{\"backendRefs\":[{\"kind\":\"MeshService\",\"name\":\"web\"}]}}]}]}";
  }

  private static JsonNode kubectlGet(String kind, String name, String namespace) throws Exception {
    return Mappers.JSON.readTree(cluster.server().kubectl("get", kind, name, "-n", namespace, "-o", "json"));
  }
}
