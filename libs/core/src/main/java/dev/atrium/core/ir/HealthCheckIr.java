package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The active health checks of one cluster, from a MeshHealthCheck (merged) or a legacy HealthCheck
 * (the one best matching). Envoy probes every endpoint with each check and sends traffic only to the
 * healthy ones; {@code healthyPanicThreshold} and {@code failTrafficOnPanic} say what happens when too
 * few are healthy.
 *
 * @param checks Envoy's {@code health_checks}, in order; empty when the policy's checkers do not fit
 *     the cluster's protocol (the panic settings still apply)
 * @param healthyPanicThreshold percent of healthy endpoints below which Envoy ignores health, or null
 * @param setBy for each field set, the policy entry whose value won
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheckIr(
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Check> checks,
    Double healthyPanicThreshold,
    Boolean failTrafficOnPanic,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Origin> setBy) {

  public HealthCheckIr {
    checks = checks == null ? List.of() : List.copyOf(checks);
    setBy = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(setBy == null ? Map.of() : setBy));
  }

  /**
   * One Envoy health check: exactly one of {@code http}, {@code tcp} is set (a TCP check without
   * payloads only connects). Kuma's grpc checker is not produced yet: the IR does not tell gRPC
   * clusters from HTTP ones.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Check(Duration interval, Duration timeout, long unhealthyThreshold, long healthyThreshold,
      Duration initialJitter, Duration intervalJitter, Long intervalJitterPercent, Duration noTrafficInterval,
      String eventLogPath, Boolean alwaysLogHealthCheckFailures, Boolean reuseConnection,
      HttpCheck http, TcpCheck tcp) {}

  /** GET {@code path}; healthy on 200, or on one of {@code expectedStatuses} when given. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HttpCheck(String path, List<Header> requestHeadersToAdd, List<Long> expectedStatuses, boolean http2) {}

  /** A header on each probe; {@code append} adds it to an existing value, otherwise it replaces it. */
  public record Header(String name, String value, boolean append) {}

  /** Payloads as Envoy's hex text; none: a connect-only check. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record TcpCheck(String sendHex, List<String> receiveHex) {}
}
