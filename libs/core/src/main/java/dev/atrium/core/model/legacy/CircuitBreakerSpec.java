package dev.atrium.core.model.legacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.Selector;
import java.util.List;

/** Kuma's legacy CircuitBreaker (api/mesh/v1alpha1/circuit_breaker.proto): outlier detectors and thresholds. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CircuitBreakerSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements LegacyConnectionPolicy {
  public CircuitBreakerSpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(String interval, String baseEjectionTime, Long maxEjectionPercent,
      Boolean splitExternalAndLocalErrors, Detectors detectors, Thresholds thresholds) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Detectors(Errors totalErrors, Errors gatewayErrors, Errors localErrors,
      StandardDeviation standardDeviation, Failure failure) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Errors(Long consecutive) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StandardDeviation(Long requestVolume, Long minimumHosts, Double factor) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Failure(Long requestVolume, Long minimumHosts, Long threshold) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Thresholds(Long maxConnections, Long maxPendingRequests, Long maxRetries, Long maxRequests) {}
}
