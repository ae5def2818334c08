package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection policies on a delegated gateway's outbounds (what a Kong or other ingress in front of
 * the mesh sends through its atrium-dp Envoy), one real Envoy for the class. The gateway Dataplane
 * {@code kong} declares one outbound per backend service; each policy selects the gateway by its service
 * ({@code targetRef: MeshService kong}) with {@code to} that one service, so the cases stay apart. The
 * mesh is bare ({@code skipCreatingInitialPolicies: ['*']}) so no default policy hides the effect.
 */
class DelegatedOutboundPoliciesE2ETest {
  private static final String GATEWAY = "kong";
  private static final int FAILURES_BEFORE_SUCCESS = 2;
  private static final Duration SLOW_DELAY = Duration.ofSeconds(1);
  private static final int PARALLEL = 20;
  private static final int ROUND = 20;
  private static final int USERS = 12;
  /** Kuma's REST collection of each kind. */
  private static final Map<String, String> COLLECTIONS = Map.of("MeshRetry", "meshretries",
      "MeshCircuitBreaker", "meshcircuitbreakers", "MeshHealthCheck", "meshhealthchecks",
      "MeshLoadBalancingStrategy", "meshloadbalancingstrategies", "MeshAccessLog", "meshaccesslogs");
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newCachedThreadPool()).build();

  @TempDir static Path dir;
  static PolicyMesh mesh;
  /** The delegated gateway's outbound port per backend service. */
  static final Map<String, Integer> OUTBOUNDS = new LinkedHashMap<>();
  /**
   * Delegated gateways of their own for the policies whose {@code to} takes only Mesh (every outbound of
   * the gateway): each has one outbound, to {@code plain}, by gateway service.
   */
  static final Map<String, Integer> EDGES = new LinkedHashMap<>();
  static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    mesh = PolicyMesh.bare(dir);
    mesh.backend("flaky-1", "flaky", exchange -> {
      // Each path fails its first two attempts: the count shows how many tries the proxy made.
      int attempt = ATTEMPTS.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
      Backends.reply(exchange, attempt <= FAILURES_BEFORE_SUCCESS ? 503 : 200, "attempt " + attempt);
    });
    mesh.backend("slow-1", "slow", Backends.after(SLOW_DELAY, 200, "slow"));
    mesh.backend("checked-healthy", "checked", Backends.named("healthy", 200));
    mesh.backend("checked-sick", "checked", Backends.named("sick", 503));
    mesh.backend("hashed-a", "hashed", Backends.named("a", 200));
    mesh.backend("hashed-b", "hashed", Backends.named("b", 200));
    mesh.backend("logged-1", "logged", Backends.named("logged", 200));
    mesh.backend("patched-1", "patched", Backends.named("patched", 200));
    mesh.backend("plain-1", "plain", Backends.named("plain", 200));

    for (String service : List.of("flaky", "slow", "checked", "hashed", "logged", "patched")) OUTBOUNDS.put(service, Ports.free());
    mesh.delegatedGateway(GATEWAY, OUTBOUNDS);
    for (String edge : List.of("kong-limited", "kong-faulty")) {
      EDGES.put(edge, Ports.free());
      mesh.delegatedGateway(edge, Map.of("plain", EDGES.get(edge)));
    }
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void meshRetryRetriesTheFailingAttempts() {
    String base = url("flaky");
    Await.until(() -> get(base + "/warmup").status() > 0, () -> "the outbound to flaky is up");
    Attempt before = attempt(base);
    assertThat(before).as("without a policy the first 503 is the answer").isEqualTo(new Attempt(503, 1));
    policy("MeshRetry", "flaky", """
        http:
          numRetries: 3
          retryOn: [5xx]
        """);
    Await.until(() -> attempt(base).status() == 200, () -> "the MeshRetry reaches the delegated gateway");
    Attempt retried = attempt(base);
    System.out.printf("MeshRetry on the delegated outbound: without policy %s, with numRetries 3 on 5xx %s%n", before, retried);
    assertThat(retried).as("two 503s retried, the third attempt answers 200").isEqualTo(new Attempt(200, FAILURES_BEFORE_SUCCESS + 1));
  }

  @Test
  void meshCircuitBreakerRefusesWhatExceedsTheConnectionLimits() {
    String url = url("slow") + "/";
    Await.until(() -> burst(url).stream().allMatch(r -> r.status() == 200), () -> "all parallel requests served without a policy");
    policy("MeshCircuitBreaker", "slow", """
        connectionLimits:
          maxConnections: 1
          maxPendingRequests: 1
          maxRequests: 1
        """);
    Await.until(() -> burst(url).stream().anyMatch(Reply::overloaded), () -> "the MeshCircuitBreaker reaches the delegated gateway");
    List<Reply> replies = burst(url);
    long overloaded = replies.stream().filter(r -> r.status() == 503 && r.overloaded()).count();
    long served = replies.stream().filter(r -> r.status() == 200).count();
    System.out.printf("MeshCircuitBreaker 1/1/1 on the delegated outbound: %d of %d parallel requests 503 x-envoy-overloaded, %d served%n",
        overloaded, PARALLEL, served);
    assertThat(overloaded).as("503 with x-envoy-overloaded").isGreaterThanOrEqualTo(1);
    assertThat(served).as("the allowed requests still reach the backend").isGreaterThanOrEqualTo(1);
    assertThat(overloaded + served).as("no other answers").isEqualTo(PARALLEL);
  }

  @Test
  void meshHealthCheckSendsEverythingToTheHealthyEndpoint() {
    String url = url("checked") + "/";
    List<Map<String, Integer>> last = new ArrayList<>(List.of(Map.of()));
    Await.until(() -> {
      last.set(0, round(url, Map.of()));
      return last.get(0).containsKey("healthy") && last.get(0).containsKey("sick");
    }, () -> "round robin reaches both endpoints without a policy; last " + last.get(0));
    Map<String, Integer> before = last.get(0);
    policy("MeshHealthCheck", "checked", """
        interval: 1s
        timeout: 1s
        unhealthyThreshold: 1
        healthyThreshold: 1
        http:
          path: /health
        """);
    Await.until(() -> round(url, Map.of()).equals(Map.of("healthy", ROUND)), () -> "the health check marks the sick endpoint");
    Map<String, Integer> after = round(url, Map.of());
    System.out.printf("MeshHealthCheck http /health on the delegated outbound: without policy %s, with policy %s (of %d)%n",
        before, after, ROUND);
    assertThat(after).as("every request reaches the endpoint passing /health").isEqualTo(Map.of("healthy", ROUND));
  }

  @Test
  void meshLoadBalancingStrategyKeepsOneHeaderOnOneEndpoint() {
    String url = url("hashed") + "/";
    Await.until(() -> round(url, Map.of("x-user", "alice")).size() == 2, () -> "round robin spreads one user over both endpoints");
    policy("MeshLoadBalancingStrategy", "hashed", """
        loadBalancer:
          type: RingHash
          ringHash:
            hashPolicies:
              - type: Header
                header:
                  name: x-user
        """);
    Await.until(() -> round(url, Map.of("x-user", "probe")).size() == 1, () -> "the RingHash policy reaches the delegated gateway");
    Map<String, String> endpointOfUser = new TreeMap<>();
    for (int u = 0; u < USERS; u++) {
      Map<String, Integer> hits = round(url, Map.of("x-user", "user-" + u));
      assertThat(hits).as("user-%d sticks to one endpoint", u).hasSize(1);
      endpointOfUser.put("user-" + u, hits.keySet().iterator().next());
    }
    System.out.printf("MeshLoadBalancingStrategy RingHash on x-user at the delegated outbound: %d users × %d requests, endpoint per user %s%n",
        USERS, ROUND, endpointOfUser);
    assertThat(endpointOfUser.values()).as("users are spread over both endpoints").containsAnyOf("a").containsAnyOf("b");
  }

  @Test
  void meshAccessLogWritesOneLinePerRequestInTheGivenFormat() {
    Path log = dir.resolve("kong-outbound.log");
    String base = url("logged");
    policy("MeshAccessLog", "logged", """
        backends:
          - type: File
            file:
              path: %s
              format:
                type: Plain
                plain: "status=%%RESPONSE_CODE%% path=%%REQ(:PATH)%% src=%%KUMA_SOURCE_SERVICE%% dst=%%KUMA_DESTINATION_SERVICE%%"
        """.formatted(log));
    AtomicInteger probes = new AtomicInteger();
    Await.until(() -> {
      get(base + "/probe/" + probes.incrementAndGet());
      return !lines(log, "/probe/").isEmpty();
    }, () -> "the MeshAccessLog reaches the delegated gateway");
    int n = 10;
    for (int i = 0; i < n; i++) assertThat(get(base + "/measured/" + i).status()).isEqualTo(200);
    Await.until(() -> lines(log, "/measured/").size() >= n, () -> "Envoy flushes the log; lines " + lines(log, "/measured/"));
    Await.sleep(Duration.ofMillis(1500)); // a second flush would show a duplicate
    List<String> lines = lines(log, "/measured/");
    System.out.printf("MeshAccessLog Plain on the delegated outbound: %d requests -> %d lines, first: %s%n", n, lines.size(), lines.get(0));
    assertThat(lines).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(lines.get(i)).isEqualTo("status=200 path=/measured/" + i + " src=" + GATEWAY + " dst=logged");
    }
  }

  @Test
  void meshProxyPatchAddsAResponseHeaderOnTheOutboundsVirtualHost() {
    String url = url("patched") + "/";
    Await.until(() -> get(url).status() == 200, () -> "the outbound to patched is up");
    assertThat(get(url).header()).as("no header before the patch").isNull();
    mesh.put("/meshes/default/meshproxypatches/kong-header", """
        type: MeshProxyPatch
        mesh: default
        name: kong-header
        spec:
          targetRef:
            kind: MeshService
            name: %s
          default:
            appendModifications:
              - virtualHost:
                  operation: Patch
                  match:
                    origin: outbound
                    name: patched
                  value: |
                    response_headers_to_add:
                      - header:
                          key: x-kong-patched
                          value: "yes"
        """.formatted(GATEWAY));
    long start = System.nanoTime();
    Await.until(() -> "yes".equals(get(url).header()), () -> "the MeshProxyPatch reaches the delegated gateway");
    System.out.printf("MeshProxyPatch virtualHost on the delegated outbound: x-kong-patched=%s %d ms after the PUT%n",
        get(url).header(), Duration.ofNanos(System.nanoTime() - start).toMillis());
    assertThat(get(url).header()).isEqualTo("yes");
  }

  @Test
  void meshRateLimitToMeshLimitsWhatLeavesTheDelegatedGateway() {
    String url = "http://127.0.0.1:" + EDGES.get("kong-limited") + "/";
    Await.until(() -> get(url).status() == 200, () -> "the outbound of kong-limited is up");
    mesh.put("/meshes/default/meshratelimits/kong-limited", """
        type: MeshRateLimit
        mesh: default
        name: kong-limited
        spec:
          targetRef:
            kind: MeshSubset
            proxyTypes: [Gateway]
            tags:
              kuma.io/service: kong-limited
          to:
            - targetRef:
                kind: Mesh
              default:
                local:
                  http:
                    requestRate:
                      num: 1
                      interval: 10s
                    onRateLimit:
                      status: 428
                      headers:
                        set:
                          - name: x-limited
                            value: "yes"
        """);
    List<Reply> seen = new ArrayList<>();
    Await.until(() -> seen.add(get(url)) && seen.get(seen.size() - 1).status() == 428, () -> "the MeshRateLimit reaches kong-limited: " + seen);
    Reply limited = seen.get(seen.size() - 1);
    System.out.printf("MeshRateLimit 1 request/10s on the delegated gateway's outbounds: statuses %s, the last with x-limited=%s%n",
        seen.stream().map(Reply::status).toList(), limited.limited());
    assertThat(limited.limited()).as("Kuma's onRateLimit header").isEqualTo("yes");
    assertThat(seen.get(seen.size() - 2).status()).as("the request before took the bucket's one token").isEqualTo(200);
    assertThat(get(url).status()).as("the bucket stays empty for 10 s").isEqualTo(428);
  }

  @Test
  void meshFaultInjectionToMeshAbortsThenDelaysWhatLeavesTheDelegatedGateway() {
    String url = "http://127.0.0.1:" + EDGES.get("kong-faulty") + "/";
    Await.until(() -> get(url).status() == 200, () -> "the outbound of kong-faulty is up");
    faults("""
        - abort:
            httpStatus: 421
            percentage: 100
        """);
    Await.until(() -> get(url).status() == 421, () -> "the abort reaches kong-faulty");
    long start = System.nanoTime();
    int aborted = (int) IntStream.range(0, 5).filter(i -> get(url).status() == 421).count();
    long abortMillis = Duration.ofNanos(System.nanoTime() - start).toMillis() / 5;
    faults("""
        - delay:
            value: 2s
            percentage: 100
        """);
    // Envoy's timer may fire a little before the client's clock says 2 s (CI saw 1998 ms); an undelayed
    // answer takes milliseconds, so 1950 ms still tells the two apart.
    Await.until(() -> timed(url).millis() >= 1950, () -> "the delay reaches kong-faulty");
    Timed delayed = timed(url);
    System.out.printf("MeshFaultInjection on the delegated gateway's outbounds: abort 421 %d/5 (%d ms each), delay 2s -> %d in %d ms%n",
        aborted, abortMillis, delayed.status(), delayed.millis());
    assertThat(aborted).as("abort at 100 %").isEqualTo(5);
    assertThat(delayed.status()).as("a delayed request still reaches plain").isEqualTo(200);
    assertThat(delayed.millis()).as("delay 2s").isGreaterThanOrEqualTo(1950);
  }

  private static void faults(String http) {
    mesh.put("/meshes/default/meshfaultinjections/kong-faulty", """
        type: MeshFaultInjection
        mesh: default
        name: kong-faulty
        spec:
          targetRef:
            kind: MeshSubset
            proxyTypes: [Gateway]
            tags:
              kuma.io/service: kong-faulty
          to:
            - targetRef:
                kind: Mesh
              default:
                http:
        %s""".formatted(http.indent(12).stripTrailing()));
  }

  record Timed(int status, long millis) {}

  private static Timed timed(String url) {
    long start = System.nanoTime();
    int status = get(url).status();
    return new Timed(status, Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  /** A policy selecting the delegated gateway by its service, with one {@code to} entry for {@code service}. */
  private static void policy(String kind, String service, String conf) {
    String name = GATEWAY + "-to-" + service;
    mesh.put("/meshes/default/" + COLLECTIONS.get(kind) + "/" + name, """
        type: %s
        mesh: default
        name: %s
        spec:
          targetRef:
            kind: MeshService
            name: %s
          to:
            - targetRef:
                kind: MeshService
                name: %s
              default:
        %s""".formatted(kind, name, GATEWAY, service, conf.indent(8).stripTrailing()));
  }

  private static String url(String service) {
    return "http://127.0.0.1:" + OUTBOUNDS.get(service);
  }

  record Reply(int status, String body, String header, boolean overloaded, String limited) {}

  record Attempt(int status, int attempts) {}

  /** One request to a fresh path of flaky: its status and how many attempts the backend saw. */
  private static Attempt attempt(String base) {
    String path = "/attempt-" + ATTEMPTS.size() + "-" + System.nanoTime();
    int status = get(base + path).status();
    AtomicInteger seen = ATTEMPTS.get(path);
    return new Attempt(status, seen == null ? 0 : seen.get());
  }

  /** {@link #ROUND} requests: how many each endpoint (by its body) answered. */
  private static Map<String, Integer> round(String url, Map<String, String> headers) {
    Map<String, Integer> out = new TreeMap<>();
    for (int i = 0; i < ROUND; i++) {
      Reply r = send(url, headers).join();
      out.merge(r.status() == 200 ? r.body() : "status " + r.status(), 1, Integer::sum);
    }
    return out;
  }

  private static List<Reply> burst(String url) {
    List<CompletableFuture<Reply>> futures = IntStream.range(0, PARALLEL).mapToObj(i -> send(url, Map.of())).toList();
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static Reply get(String url) {
    return send(url, Map.of()).join();
  }

  private static CompletableFuture<Reply> send(String url, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r.body(), r.headers().firstValue("x-kong-patched").orElse(null),
            r.headers().firstValue("x-envoy-overloaded").isPresent(), r.headers().firstValue("x-limited").orElse(null)))
        .exceptionally(e -> new Reply(-1, String.valueOf(e), null, false, null));
  }

  private static List<String> lines(Path log, String containing) {
    try {
      return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(containing)).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
