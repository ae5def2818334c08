package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What connection policies set on one listener, route or cluster, as the policy pass
 * ({@code dev.atrium.core.policy.apply.ConnectionPolicies}) resolved it. One field per policy family
 * (a legacy policy fills the same field as its Mesh* form): a later policy adds a field here and a
 * configurer that reads it, and no IR constructor call site changes. A null field: no policy of that
 * family applies, the proxy keeps what translation gave it. Left out of the IR YAML when nothing
 * applies, so outputs without policies stay as they were.
 *
 * @param timeout the merged MeshTimeout, or null
 * @param circuitBreaker the merged MeshCircuitBreaker (clusters only), or null
 * @param faultInjection the merged MeshFaultInjection faults of a listener, or null
 * @param rateLimit the merged MeshRateLimit's request limit (routes only), or null
 * @param retry the merged MeshRetry (routes and TCP listeners), or null
 * @param healthCheck a MeshHealthCheck's or legacy HealthCheck's active checks (clusters only), or null
 * @param loadBalancing the merged MeshLoadBalancingStrategy (clusters: the balancer; routes: hash policies), or null
 * @param accessLog the MeshAccessLog or TrafficLog backends of a listener, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoliciesIr(TimeoutIr timeout, CircuitBreakerIr circuitBreaker, FaultInjectionIr faultInjection,
    RateLimitIr rateLimit, RetryIr retry, HealthCheckIr healthCheck, LoadBalancingIr loadBalancing,
    AccessLogIr accessLog) {
  /** No policy applies. */
  public static final PoliciesIr NONE = new PoliciesIr(null, null, null, null, null, null, null, null);

  @JsonIgnore
  public boolean isEmpty() {
    return timeout == null && circuitBreaker == null && faultInjection == null && rateLimit == null && retry == null && healthCheck == null && loadBalancing == null && accessLog == null;
  }

  /**
   * For inspection: per policy field this element got ({@code timeout: http.requestTimeout}), the policy
   * entry whose value won. Keys are prefixed with the record's name, so one element's policies read as one list.
   */
  @JsonIgnore
  public SortedMap<String, Origin> fieldOrigins() {
    SortedMap<String, Origin> out = new TreeMap<>();
    if (timeout != null) timeout.setBy().forEach((f, o) -> out.put("timeout: " + f, o));
    if (circuitBreaker != null) circuitBreaker.setBy().forEach((f, o) -> out.put("circuitBreaker: " + f, o));
    if (faultInjection != null && faultInjection.setBy() != null) out.put("faultInjection: faults", faultInjection.setBy());
    if (rateLimit != null) rateLimit.setBy().forEach((f, o) -> out.put("rateLimit: " + f, o));
    if (retry != null) retry.setBy().forEach((f, o) -> out.put("retry: " + f, o));
    if (healthCheck != null) healthCheck.setBy().forEach((f, o) -> out.put("healthCheck: " + f, o));
    if (loadBalancing != null) loadBalancing.setBy().forEach((f, o) -> out.put("loadBalancing: " + f, o));
    if (accessLog != null && accessLog.setBy() != null) out.put("accessLog: backends", accessLog.setBy());
    return out;
  }

  public PoliciesIr withTimeout(TimeoutIr t) {
    return new PoliciesIr(t, circuitBreaker, faultInjection, rateLimit, retry, healthCheck, loadBalancing, accessLog);
  }

  public PoliciesIr withCircuitBreaker(CircuitBreakerIr c) {
    return new PoliciesIr(timeout, c, faultInjection, rateLimit, retry, healthCheck, loadBalancing, accessLog);
  }

  public PoliciesIr withFaultInjection(FaultInjectionIr f) {
    return new PoliciesIr(timeout, circuitBreaker, f, rateLimit, retry, healthCheck, loadBalancing, accessLog);
  }

  public PoliciesIr withRateLimit(RateLimitIr r) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, r, retry, healthCheck, loadBalancing, accessLog);
  }

  public PoliciesIr withRetry(RetryIr r) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, rateLimit, r, healthCheck, loadBalancing, accessLog);
  }

  public PoliciesIr withHealthCheck(HealthCheckIr h) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, rateLimit, retry, h, loadBalancing, accessLog);
  }

  public PoliciesIr withLoadBalancing(LoadBalancingIr l) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, rateLimit, retry, healthCheck, l, accessLog);
  }

  public PoliciesIr withAccessLog(AccessLogIr a) {
    return new PoliciesIr(timeout, circuitBreaker, faultInjection, rateLimit, retry, healthCheck, loadBalancing, a);
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
