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
import org.junit.jupiter.api.Test;

/**
 * The store is not on the data path, and its return is noticed at once: while 100 requests per second
 * flow through a builtin gateway's Envoy, the resource-store is killed (SIGKILL) for 10 s and started
 * again on the same ports and data. No request fails, and a route written 1 s after the store is back
 * is served by Envoy within 1 s — the xds-server's Watch did not sit out a long retry delay.
 */
class StoreRestartE2ETest extends WithControlPlane {
  private static final String GATEWAY = "edge-gateway";
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @Test
  void aStoreKilledForTenSecondsFailsNoRequestAndARouteWrittenAfterItsReturnIsServedWithinASecond() throws Exception {
    EchoServer a = track(EchoServer.start("svc-a"));
    EchoServer b = track(EchoServer.start("svc-b"));
    registerApp("svc-a-1", "svc-a", a.port());
    registerApp("svc-b-1", "svc-b", b.port());
    int listener = Ports.free();
    put("meshgateways", GATEWAY, httpGateway(GATEWAY, listener));
    put("meshgatewayroutes", "stable", route("stable", "/stable", "svc-a"));
    agent(builtinGateway("gw", GATEWAY), Ports.free());
    String base = "http://127.0.0.1:" + listener;
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> Traffic.get(base + "/stable").ok())).isTrue();

    // A request every 10 ms, each on a pool thread, so a slow reply never lowers the rate.
    List<Traffic.Reply> replies = new CopyOnWriteArrayList<>();
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    ExecutorService senders = Executors.newFixedThreadPool(16);
    load.scheduleAtFixedRate(() -> senders.execute(() -> replies.add(Traffic.get(base + "/stable"))), 0, 10, TimeUnit.MILLISECONDS);
    Thread.sleep(1000);

    store.kill();
    Thread.sleep(OUTAGE.toMillis());
    store.start(); // same ports, same data directory; returns once the store reports ready
    Thread.sleep(1000);
    put("meshgatewayroutes", "after-return", route("after-return", "/after-return", "svc-b"));
    long written = System.nanoTime();
    long served = awaitBody(base + "/after-return", "svc-b", Duration.ofSeconds(30));
    Thread.sleep(1000);

    load.shutdown();
    load.awaitTermination(10, TimeUnit.SECONDS);
    senders.shutdown();
    senders.awaitTermination(30, TimeUnit.SECONDS);

    Map<String, Long> failures = new TreeMap<>();
    replies.stream().filter(r -> !r.ok())
        .forEach(r -> failures.merge(r.status() < 0 ? r.body() : String.valueOf(r.status()), 1L, Long::sum));
    Duration toServe = Duration.ofNanos(served - written);
    System.out.printf("store killed for %d s under load: %d requests through the gateway, %d failed %s; a route PUT 1 s "
        + "after the store's return was served by Envoy %d ms after the PUT answered%n", OUTAGE.toSeconds(), replies.size(),
        failures.values().stream().mapToLong(Long::longValue).sum(), failures, toServe.toMillis());
    assertThat(failures).as("failed requests while the store was away and after").isEmpty();
    assertThat(replies.size()).as("about 100 rps for ~13 s").isGreaterThan(1000);
    assertThat(toServe).as("from the route PUT to Envoy serving it").isLessThan(Duration.ofSeconds(1));
  }

  /** Asks {@code url} every 10 ms until its body names {@code app}; returns when, in nanoTime. */
  private static long awaitBody(String url, String app, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Traffic.Reply r = Traffic.get(url);
      if (r.ok() && r.body().contains(app)) return r.atNanos();
      Thread.sleep(10);
    }
    throw new AssertionError(url + " did not answer from " + app + " within " + timeout);
  }

  private static String route(String name, String path, String service) {
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
                      match: PREFIX
                      value: %s
                backends:
                  - destination:
                      kuma.io/service: %s
        """.formatted(name, GATEWAY, path, service);
  }
}
