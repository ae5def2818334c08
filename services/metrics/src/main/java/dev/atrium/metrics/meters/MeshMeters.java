package dev.atrium.metrics.meters;

import dev.atrium.metrics.model.GatewayCount;
import dev.atrium.metrics.model.ListenerRoutes;
import dev.atrium.metrics.model.ProxyCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The mesh gauges (Prometheus names; counts have no unit):
 * <ul>
 *   <li>{@code atrium_mesh_proxies{mesh,service,gateway_type,status}} — proxies online/offline per service;
 *   <li>{@code atrium_mesh_gateways{mesh,gateway_type}} — builtin gateways (MeshGateways) and delegated
 *       gateways (distinct services of DELEGATED gateway Dataplanes);
 *   <li>{@code atrium_gateway_listener_routes{mesh,gateway,port,protocol,hostname}} — routes attached to
 *       each listener of a builtin gateway;
 * </ul>
 * and this service's own: {@code atrium_metrics_sd_targets} (targets in the discovery document) and
 * {@code atrium_metrics_mesh_update_seconds} (recomputing one mesh after a change). Rows appear and
 * disappear with what they count; one whose tags stay keeps its meter, so a scrape never misses it.
 */
public final class MeshMeters {
  private static final Duration[] SLOS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

  private final Rows proxies;
  private final Rows gateways;
  private final Rows listenerRoutes;
  private final AtomicInteger targets = new AtomicInteger();
  private final Timer update;

  public MeshMeters(MeterRegistry registry) {
    proxies = new Rows(MultiGauge.builder("atrium.mesh.proxies")
        .description("Data-plane proxies per mesh and service, online (connected to an xds-server) or offline")
        .register(registry));
    gateways = new Rows(MultiGauge.builder("atrium.mesh.gateways")
        .description("Gateways per mesh and type: builtin (MeshGateways), delegated (services of delegated gateway proxies)")
        .register(registry));
    listenerRoutes = new Rows(MultiGauge.builder("atrium.gateway.listener.routes")
        .description("Routes attached to each listener of a builtin gateway").register(registry));
    Gauge.builder("atrium.metrics.sd.targets", targets, AtomicInteger::get)
        .description("Proxy stats endpoints in the Prometheus service discovery document").register(registry);
    update = Timer.builder("atrium.metrics.mesh.update")
        .description("Recomputing one mesh's targets and gauges after a change").serviceLevelObjectives(SLOS)
        .register(registry);
  }

  public Timer updateTimer() {
    return update;
  }

  /** Replaces every row with these (only the update thread calls it). */
  public void publish(List<ProxyCount> proxyCounts, List<GatewayCount> gatewayCounts, List<ListenerRoutes> listeners,
      int targetCount) {
    proxies.set(proxyCounts, p -> Tags.of("mesh", p.mesh(), "service", p.service(),
        "gateway_type", p.gatewayType().label(), "status", p.status()), ProxyCount::count);
    gateways.set(gatewayCounts, g -> Tags.of("mesh", g.mesh(), "gateway_type", g.type().label()), GatewayCount::count);
    listenerRoutes.set(listeners, l -> Tags.of("mesh", l.mesh(), "gateway", l.gateway(), "port", String.valueOf(l.port()),
        "protocol", l.protocol(), "hostname", l.hostname()), ListenerRoutes::routes);
    targets.set(targetCount);
  }

  /** One MultiGauge whose rows read cells that outlive updates while their tags do. */
  private static final class Rows {
    private final MultiGauge gauge;
    private Map<Tags, AtomicLong> cells = new HashMap<>();

    Rows(MultiGauge gauge) {
      this.gauge = gauge;
    }

    <T> void set(List<T> items, Function<T, Tags> tags, java.util.function.ToIntFunction<T> value) {
      Map<Tags, AtomicLong> next = new HashMap<>();
      for (T item : items) {
        Tags t = tags.apply(item);
        AtomicLong cell = next.computeIfAbsent(t, k -> cells.getOrDefault(k, new AtomicLong()));
        cell.set(value.applyAsInt(item));
      }
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      next.forEach((t, cell) -> rows.add(MultiGauge.Row.of(t, cell, AtomicLong::get)));
      gauge.register(rows, false);
      cells = next;
    }
  }
}
