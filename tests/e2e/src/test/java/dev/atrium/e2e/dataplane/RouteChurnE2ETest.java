package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Route churn on the builtin gateway, on a real Envoy: while 200 requests per second flow through two
 * stable routes, 100 other MeshGatewayRoutes are created, then each changed (new path and backend), then
 * each deleted, through the store's REST API as fast as it takes them. Every route change reaches Envoy
 * as an RDS push; not one request on the untouched routes may fail (Envoy Gateway answered thousands of
 * 503s in a public test of exactly this).
 */
class RouteChurnE2ETest extends WithControlPlane {
  private static final int CHURN_ROUTES = 100;
  private static final String GATEWAY = "edge-gateway";

  /** A reply with the path it was for, so failures can be reported per route. */
  private record Reply(String path, int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  @Test
  void churningOneHundredRoutesFailsNoRequestOnTheUntouchedRoutes() throws Exception {
    EchoServer a = track(EchoServer.start("svc-a"));
    EchoServer b = track(EchoServer.start("svc-b"));
    // Backends registered as Dataplanes whose inbound port is the app's own: the gateway sends straight to it.
    registerApp("svc-a-1", "svc-a", a.port());
    registerApp("svc-b-1", "svc-b", b.port());
    int listener = Ports.free();
    put("meshgateways", GATEWAY, httpGateway(GATEWAY, listener));
    put("meshgatewayroutes", "stable-a", route("stable-a", "PREFIX", "/stable-a", "svc-a"));
    put("meshgatewayroutes", "stable-b", route("stable-b", "PREFIX", "/stable-b", "svc-b"));
    agent(builtinGateway("gw", GATEWAY), Ports.free());

    String base = "http://127.0.0.1:" + listener;
    List<String> stable = List.of(base + "/stable-a", base + "/stable-b");
    for (String url : stable) {
      assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> hit(url).ok())).as(url + " answers 200").isTrue();
    }
    assertThat(hit(stable.get(0)).body()).contains("svc-a");
    assertThat(hit(stable.get(1)).body()).contains("svc-b");
    long rdsBefore = ProxyStatusClient.sent(xds.url(), "gw", "RouteConfiguration");

    // 200 rps: a request every 5 ms, alternating over the stable routes, each on a pool thread so a slow
    // reply never lowers the rate.
    List<Reply> replies = new CopyOnWriteArrayList<>();
    AtomicLong tick = new AtomicLong();
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    ExecutorService senders = Executors.newFixedThreadPool(24);
    long loadStart = System.nanoTime();
    load.scheduleAtFixedRate(() -> {
      String url = stable.get((int) (tick.getAndIncrement() % stable.size()));
      senders.execute(() -> replies.add(hit(url)));
    }, 0, 5, TimeUnit.MILLISECONDS);
    Thread.sleep(1000);

    // Churn, sequentially, each write as soon as the store has answered the previous one.
    long churnStart = System.nanoTime();
    for (int i = 0; i < CHURN_ROUTES; i++) {
      put("meshgatewayroutes", "churn-" + i, route("churn-" + i, "PREFIX", "/churn-" + i, "svc-a"));
      if (i == 0) {
        assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> hit(base + "/churn-0").ok()))
            .as("a created churn route is served").isTrue();
      }
    }
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> hit(base + "/churn-99").body().contains("svc-a")))
        .as("the last created churn route is served by svc-a").isTrue();
    long created = System.nanoTime();
    for (int i = 0; i < CHURN_ROUTES; i++) {
      put("meshgatewayroutes", "churn-" + i, route("churn-" + i, "EXACT", "/churned-" + i, "svc-b"));
    }
    assertThat(Traffic.eventually(Duration.ofSeconds(10),
        () -> hit(base + "/churned-99").body().contains("svc-b") && hit(base + "/churn-99").status() == 404))
        .as("the last changed churn route is served on its new path by its new backend, and no longer on its old one")
        .isTrue();
    long changed = System.nanoTime();
    for (int i = 0; i < CHURN_ROUTES; i++) ProxyStatusClient.delete(store.apiUrl() + "/meshes/default/meshgatewayroutes/churn-" + i);
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> hit(base + "/churned-99").status() == 404))
        .as("the last deleted churn route is gone").isTrue();
    long churnEnd = System.nanoTime();

    Thread.sleep(1000);
    load.shutdown();
    load.awaitTermination(10, TimeUnit.SECONDS);
    senders.shutdown();
    senders.awaitTermination(30, TimeUnit.SECONDS);
    long loadEnd = System.nanoTime();
    long rdsPushes = ProxyStatusClient.sent(xds.url(), "gw", "RouteConfiguration") - rdsBefore;

    Map<String, Long> failures = new TreeMap<>();
    for (Reply r : replies) {
      if (!r.ok()) failures.merge(r.path() + " -> " + (r.status() < 0 ? r.body() : String.valueOf(r.status())), 1L, Long::sum);
    }
    double loadSeconds = (loadEnd - loadStart) / 1e9;
    System.out.printf("route churn: %d stable-route requests in %.1f s (%.0f rps), %d not 2xx %s%n", replies.size(),
        loadSeconds, replies.size() / loadSeconds, failures.values().stream().mapToLong(Long::longValue).sum(), failures);
    System.out.printf("route churn: %d routes created in %.1f s, changed in %.1f s, deleted in %.1f s "
            + "(each phase until Envoy served its last write); %d RDS pushes to the gateway%n",
        CHURN_ROUTES, (created - churnStart) / 1e9, (changed - created) / 1e9, (churnEnd - changed) / 1e9, rdsPushes);

    assertThat(failures).as("non-2xx replies or exceptions on the untouched routes").isEmpty();
    assertThat(replies.size()).as("about 200 rps for the whole churn").isGreaterThan((int) (loadSeconds * 150));
    assertThat(rdsPushes).as("route changes reached Envoy as RDS pushes").isGreaterThan(2);
  }

  private static String route(String name, String match, String path, String service) {
    return """
        type: MeshGatewayRoute
        mesh: default
        name: %s
        selectors:
          - match:
              kuma.io/service: %s
        conf:
          http:
            rules:
              - matches:
                  - path:
                      match: %s
                      value: %s
                backends:
                  - destination:
                      kuma.io/service: %s
        """.formatted(name, GATEWAY, match, path, service);
  }

  private static Reply hit(String url) {
    Traffic.Reply r = Traffic.get(url);
    return new Reply(java.net.URI.create(url).getPath(), r.status(), r.body());
  }
}
