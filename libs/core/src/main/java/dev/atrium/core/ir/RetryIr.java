package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the MeshRetries that apply to one place merged into. A forwarding HTTP route uses the request
 * fields (Envoy's route {@code retry_policy}); a TCP listener only {@code maxConnectAttempts}. Kuma's
 * translation is already done: {@code retryOn} is Envoy's comma-separated list (its default
 * {@code gateway-error,connect-failure,refused-stream} when the policy names none), status codes and
 * methods are split out.
 *
 * @param numRetries retries after the first attempt (null: Envoy's 1)
 * @param perTryTimeout how long each attempt may take (null: the route's timeout)
 * @param backOffBase first back-off interval (null with a non-null max: Envoy's 25 ms)
 * @param backOffMax longest back-off interval (null: ten times the base)
 * @param retryOn Envoy's retry_on conditions, comma-separated
 * @param retriableStatusCodes status codes retried under {@code retriable-status-codes}
 * @param retriableMethods only requests with one of these methods are retried (empty: all)
 * @param maxConnectAttempts a TCP proxy's connect attempts (TCP listeners only)
 * @param setBy for each policy field set, the entry whose value won ({@code http.numRetries → MeshRetry/r spec.to[0]})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryIr(
    Long numRetries,
    Duration perTryTimeout,
    Duration backOffBase,
    Duration backOffMax,
    String retryOn,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> retriableStatusCodes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> retriableMethods,
    Long maxConnectAttempts,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Origin> setBy) {

  public RetryIr {
    retriableStatusCodes = retriableStatusCodes == null ? List.of() : List.copyOf(retriableStatusCodes);
    retriableMethods = retriableMethods == null ? List.of() : List.copyOf(retriableMethods);
    setBy = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(setBy == null ? Map.of() : setBy));
  }
}
