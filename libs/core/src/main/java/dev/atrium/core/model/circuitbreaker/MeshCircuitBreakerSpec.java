package dev.atrium.core.model.circuitbreaker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.IntOrString;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshCircuitBreaker: how many connections and requests the selected proxies may have open to
 * a destination ({@code connectionLimits}), and when they stop sending to a failing endpoint for a
 * while ({@code outlierDetection}). Same layout as every targetRef policy: top-level {@code targetRef},
 * {@code to} (destinations), {@code from} (callers) and the newer {@code rules}. Counts are unsigned
 * 32-bit in Kuma, kept as {@code Long} so a negative or too large number reaches the validator;
 * durations are Go duration strings; {@code healthyPanicThreshold} and {@code standardDeviationFactor}
 * are Kuma's int-or-string decimals ({@code 50}, {@code "1.9"}), kept as text.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshCircuitBreakerSpec(TargetRef targetRef, List<To> to, List<From> from, List<Rule> rules)
    implements ResourceSpec {

  public MeshCircuitBreakerSpec {
    to = Collect.list(to);
    from = Collect.list(from);
    rules = Collect.list(rules);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record From(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /** A rule has no {@code matches} in MeshCircuitBreaker: it applies to every caller. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Rule(@JsonProperty("default") Conf defaultConf) {}

  /** What one entry sets; a null section or field leaves it to less specific entries (or Envoy's default). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(ConnectionLimits connectionLimits, OutlierDetection outlierDetection) {}

  /** Envoy's default-priority circuit breaker thresholds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConnectionLimits(Long maxConnections, Long maxConnectionPools, Long maxPendingRequests,
      Long maxRetries, Long maxRequests) {}

  /** Envoy's outlier detection; {@code disabled: true} leaves the cluster without it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OutlierDetection(Boolean disabled, String interval, String baseEjectionTime, Long maxEjectionPercent,
      Boolean splitExternalAndLocalErrors, Detectors detectors, @IntOrString String healthyPanicThreshold) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Detectors(Consecutive totalFailures, Consecutive gatewayFailures, Consecutive localOriginFailures,
      SuccessRate successRate, FailurePercentage failurePercentage) {}

  /** totalFailures (5xx and local errors), gatewayFailures (502/503/504), localOriginFailures (resets, timeouts). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Consecutive(Long consecutive) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SuccessRate(Long minimumHosts, Long requestVolume, @IntOrString String standardDeviationFactor) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FailurePercentage(Long minimumHosts, Long requestVolume, Long threshold) {}
}
