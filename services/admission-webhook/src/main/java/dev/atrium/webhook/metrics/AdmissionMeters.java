package dev.atrium.webhook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The admission webhook's meters, on the management port's {@code /q/metrics}:
 * <ul>
 *   <li>{@code atrium_webhook_admission_seconds{webhook,outcome}} — handling one AdmissionReview, from
 *       parsing the request to the answer (histogram);
 *   <li>{@code atrium_webhook_admission_percentiles_seconds{webhook,outcome,quantile}} — the same times'
 *       p50 and p99 over the last minutes, computed in the process (a summary; what the webhook benchmark
 *       reads without a Prometheus). A family of its own: Prometheus' text format has no histogram with
 *       quantiles, and promtool refuses one;
 *   <li>{@code atrium_webhook_injections_total{mode}} — Pods that got the sidecar: {@code sidecar}, or
 *       {@code gateway} for a delegated gateway (outbound redirection only). Pods skipped or already
 *       injected are not counted;
 *   <li>{@code atrium_webhook_rejections_total{webhook,kind}} — admission requests refused.
 * </ul>
 * Tag values are bounded: {@code webhook} is one of the endpoints' names, {@code kind} a kind a webhook
 * refuses (Pod, or a kuma.io kind Atrium validates: other kinds are allowed, so never counted here),
 * {@code outcome} one of {@code Verdict.outcome()}'s words or {@code error}.
 */
@Singleton
public class AdmissionMeters {
  public static final String SIDECAR = "sidecar";
  public static final String GATEWAY = "gateway";

  private final MeterRegistry registry;
  private final Counter sidecarInjections;
  private final Counter gatewayInjections;

  public AdmissionMeters(MeterRegistry registry) {
    this.registry = registry;
    this.sidecarInjections = injections(SIDECAR);
    this.gatewayInjections = injections(GATEWAY);
  }

  public void handled(String webhook, String outcome, Duration took) {
    Timer.builder("atrium.webhook.admission")
        .description("Time the webhook spends on one AdmissionReview, from parsing the request to the answer")
        .tag("webhook", webhook).tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry).record(took);
    Timer.builder("atrium.webhook.admission.percentiles")
        .description("p50 and p99 of the time the webhook spends on one AdmissionReview, over a sliding window")
        .tag("webhook", webhook).tag("outcome", outcome)
        .publishPercentiles(0.5, 0.99)
        .register(registry).record(took);
  }

  /** A Pod got the sidecar; {@code gateway} when it is a delegated gateway's. */
  public void injected(boolean gateway) {
    (gateway ? gatewayInjections : sidecarInjections).increment();
  }

  public void refused(String webhook, String kind) {
    Counter.builder("atrium.webhook.rejections").tag("webhook", webhook).tag("kind", kind)
        .description("Admission requests the webhook refused")
        .register(registry).increment();
  }

  private Counter injections(String mode) {
    return Counter.builder("atrium.webhook.injections").tag("mode", mode)
        .description("Pods the webhook injected with the sidecar, by mode (sidecar, or gateway for a delegated gateway)")
        .register(registry);
  }
}
