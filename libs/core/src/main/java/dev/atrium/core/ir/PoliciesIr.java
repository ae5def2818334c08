package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What connection policies set on one listener, route or cluster, as the policy pass
 * ({@code dev.atrium.core.policy.apply.ConnectionPolicies}) resolved it. One field per policy kind:
 * a later policy (retry, circuit breaker…) adds a field here and a configurer that reads it, and no
 * IR constructor call site changes. A null field: no policy of that kind applies, the proxy keeps
 * what translation gave it. Left out of the IR YAML when nothing applies, so outputs without
 * policies stay as they were.
 *
 * @param timeout the merged MeshTimeout, or null
 * @param circuitBreaker the merged MeshCircuitBreaker (clusters only), or null
 * @param faultInjection the merged MeshFaultInjection faults of a listener, or null
 * @param rateLimit the merged MeshRateLimit's request limit (routes only), or null
 * @param retry the merged MeshRetry (routes and TCP listeners), or null
 * @param accessLog where a listener logs its requests or connections (MeshAccessLog, TrafficLog), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoliciesIr(TimeoutIr timeout, CircuitBreakerIr circuitBreaker, FaultInjectionIr faultInjection,
    RateLimitIr rateLimit, RetryIr retry, AccessLogIr accessLog) {
  /** No policy applies. */
  public static final PoliciesIr NONE = new PoliciesIr(null, null, null, null, null, null);

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return timeout == null && circuitBreaker == null && faultInjection == null && rateLimit == null && retry == null
        && accessLog == null;
  }

  public PoliciesIr withTimeout(TimeoutIr t) {
    return new PoliciesIr(t, circuitBreaker, faultInjection, rateLimit, retry, accessLog);
  }

  public PoliciesIr withCircuitBreaker(CircuitBreakerIr c) {
    return new PoliciesIr(timeout, c, faultInjection, rateLimit, retry, accessLog);
  }

  public PoliciesIr withFaultInjection(FaultInjectionIr f) {
    return new PoliciesIr(timeout, circuitBreaker, f, rateLimit, retry, accessLog);
  }

  public PoliciesIr withRateLimit(RateLimitIr r) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, r, retry, accessLog);
  }

  public PoliciesIr withRetry(RetryIr r) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, rateLimit, r, accessLog);
  }

  public PoliciesIr withAccessLog(AccessLogIr a) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, rateLimit, retry, a);
  }

  /** Jackson's filter that leaves {@link #NONE} (or null) out of the YAML. */
  public static final class Empty {
    @Override
    public boolean equals(Object value) {
      return value == null || (value instanceof PoliciesIr p && p.isEmpty());
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
