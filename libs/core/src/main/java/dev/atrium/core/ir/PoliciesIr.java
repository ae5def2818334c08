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
 * @param retry the merged MeshRetry, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoliciesIr(TimeoutIr timeout, RetryIr retry) {
  /** No policy applies. */
  public static final PoliciesIr NONE = new PoliciesIr(null, null);

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return timeout == null && retry == null;
  }

  public PoliciesIr withTimeout(TimeoutIr t) {
    return new PoliciesIr(t, retry);
  }

  public PoliciesIr withRetry(RetryIr r) {
    return new PoliciesIr(timeout, r);
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
