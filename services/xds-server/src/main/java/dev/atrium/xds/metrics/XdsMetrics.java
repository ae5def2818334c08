package dev.atrium.xds.metrics;

import dev.atrium.xds.ads.XdsObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The xds-server's metrics, Prometheus-named (base units, {@code _total} on counters):
 * <ul>
 *   <li>{@code atrium_xds_streams_active} — connected ADS streams;
 *   <li>{@code atrium_xds_generation_seconds{changed}} — translating one proxy's config (histogram);
 *   <li>{@code atrium_xds_pushes_total{type}} — responses sent, by xDS type (lds, rds, cds, eds, sds);
 *   <li>{@code atrium_xds_delivery_seconds{type}} — from a response being sent to the proxy's ACK of it;
 *   <li>{@code atrium_xds_nacks_total{type}} — responses a proxy rejected;
 *   <li>{@code atrium_xds_certificates_issued_total} — proxy certificates made (first ones and renewals);
 *   <li>{@code atrium_xds_certificate_generation_seconds} — making one: key pair, signature (histogram);
 *   <li>{@code atrium_xds_propagation_seconds{stage}} — a store change on its way to the proxies: {@code watch}
 *       (the store's stamp to arrival here), {@code queue} (arrival to its reconcile pass), {@code reconcile}
 *       (the pass); with {@code atrium_xds_delivery_seconds} (sent → ACK) the control plane's whole share.
 * </ul>
 */
public final class XdsMetrics implements XdsObserver {
  private static final Duration[] SLOS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

  private final MeterRegistry registry;
  private final Timer generatedChanged;
  private final Timer generatedUnchanged;
  private final Map<String, Counter> pushes = new ConcurrentHashMap<>();
  private final Map<String, Counter> nacks = new ConcurrentHashMap<>();
  private final Map<String, Timer> delivery = new ConcurrentHashMap<>();
  private final Counter certificatesIssued;
  private final Timer certificateGeneration;
  private final Timer watchStage;
  private final Timer queueStage;
  private final Timer reconcileStage;

  public XdsMetrics(MeterRegistry registry, IntSupplier activeStreams) {
    this.registry = registry;
    Gauge.builder("atrium.xds.streams.active", activeStreams::getAsInt)
        .description("Connected ADS streams").register(registry);
    this.generatedChanged = generation(true);
    this.generatedUnchanged = generation(false);
    this.certificatesIssued = Counter.builder("atrium.xds.certificates.issued")
        .description("Proxy certificates issued (first ones and renewals)").register(registry);
    this.certificateGeneration = Timer.builder("atrium.xds.certificate.generation")
        .description("Making one proxy certificate: its key pair and the CA's signature")
        .serviceLevelObjectives(SLOS).register(registry);
    this.watchStage = propagation("watch", "From the store stamping a change to it arriving here (commit and Watch)");
    this.queueStage = propagation("queue", "From a change arriving to the reconcile pass handling it starting");
    this.reconcileStage = propagation("reconcile", "One reconcile pass: snapshots, translations, publishing to the streams");
  }

  /** A proxy certificate was made, taking {@code took}. */
  public void certificateIssued(Duration took) {
    certificatesIssued.increment();
    certificateGeneration.record(took);
  }

  @Override
  public void generated(Duration took, boolean changed) {
    (changed ? generatedChanged : generatedUnchanged).record(took);
  }

  @Override
  public void sent(String typeUrl) {
    pushes.computeIfAbsent(type(typeUrl), t -> Counter.builder("atrium.xds.pushes").tag("type", t)
        .description("xDS responses sent to proxies").register(registry)).increment();
  }

  @Override
  public void acked(String typeUrl, Duration sinceSent) {
    delivery.computeIfAbsent(type(typeUrl), t -> Timer.builder("atrium.xds.delivery").tag("type", t)
        .description("From an xDS response being sent to the proxy's ACK of it")
        .serviceLevelObjectives(SLOS).register(registry)).record(sinceSent);
  }

  @Override
  public void nacked(String typeUrl) {
    nacks.computeIfAbsent(type(typeUrl), t -> Counter.builder("atrium.xds.nacks").tag("type", t)
        .description("xDS responses a proxy rejected").register(registry)).increment();
  }

  @Override
  public void changeReceived(Duration sinceWritten) {
    if (!sinceWritten.isNegative()) watchStage.record(sinceWritten);
  }

  @Override
  public void reconciled(Duration queued, Duration took) {
    queueStage.record(queued);
    reconcileStage.record(took);
  }

  private Timer propagation(String stage, String description) {
    return Timer.builder("atrium.xds.propagation").tag("stage", stage).description(description)
        .serviceLevelObjectives(SLOS).register(registry);
  }

  private Timer generation(boolean changed) {
    return Timer.builder("atrium.xds.generation").tag("changed", String.valueOf(changed))
        .description("Translating one proxy's resources into its Envoy config")
        .serviceLevelObjectives(SLOS).register(registry);
  }

  /** {@code type.googleapis.com/envoy.config.listener.v3.Listener} → {@code lds}. */
  static String type(String typeUrl) {
    String name = typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    return switch (name) {
      case "Listener" -> "lds";
      case "RouteConfiguration" -> "rds";
      case "Cluster" -> "cds";
      case "ClusterLoadAssignment" -> "eds";
      case "Secret" -> "sds";
      default -> name.toLowerCase(java.util.Locale.ROOT);
    };
  }
}
