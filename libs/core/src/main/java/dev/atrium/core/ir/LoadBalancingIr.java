package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the MeshLoadBalancingStrategies that apply to one place merged into. A cluster uses the
 * balancer ({@code lbPolicy} and its tuning); a forwarding route uses the hash policies (Envoy's route
 * {@code hash_policy}, read by a RingHash or Maglev cluster). Locality awareness is not here: with one
 * zone it changes nothing Envoy sees.
 *
 * @param lbPolicy Envoy's load balancer of a cluster (null on routes)
 * @param choiceCount LEAST_REQUEST: hosts sampled per pick (null: Envoy's 2)
 * @param activeRequestBias LEAST_REQUEST: how strongly active requests lower a host's weight (null: Envoy's 1.0)
 * @param hashFunction RING_HASH: XX_HASH or MURMUR_HASH_2 (null: Envoy's XX_HASH)
 * @param minRingSize RING_HASH: smallest ring (null: Envoy's 1024)
 * @param maxRingSize RING_HASH: largest ring (null: Envoy's 8M)
 * @param tableSize MAGLEV: lookup table size, a prime (null: Envoy's 65537)
 * @param hashPolicies what a route hashes a request on, in order (routes only)
 * @param setBy for each policy field set ({@code loadBalancer.type → MeshLoadBalancingStrategy/lb spec.to[0]}),
 *     the entry whose value won
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadBalancingIr(
    LbPolicy lbPolicy,
    Long choiceCount,
    Double activeRequestBias,
    String hashFunction,
    Long minRingSize,
    Long maxRingSize,
    Long tableSize,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HashPolicyIr> hashPolicies,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Origin> setBy) {

  public enum LbPolicy { ROUND_ROBIN, LEAST_REQUEST, RING_HASH, RANDOM, MAGLEV }

  public LoadBalancingIr {
    hashPolicies = hashPolicies == null ? List.of() : List.copyOf(hashPolicies);
    setBy = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(setBy == null ? Map.of() : setBy));
  }

  /** A route's hash policies only. */
  public static LoadBalancingIr hashing(List<HashPolicyIr> policies, SortedMap<String, Origin> setBy) {
    return new LoadBalancingIr(null, null, null, null, null, null, null, policies, setBy);
  }

  /**
   * One hash policy: which request property is hashed. Exactly one of the property fields is set, as
   * {@code kind} says.
   *
   * @param terminal stop at this policy when it produced a hash
   * @param name the header, cookie or query parameter name
   * @param cookieTtl with a cookie: Envoy sets the cookie with this lifetime when the request has none
   * @param cookiePath with a cookie: the path of the cookie Envoy sets
   * @param sourceIp with a connection: hash the client's address
   * @param key with filter state: the filter state object's key
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HashPolicyIr(Kind kind, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean terminal, String name,
      Duration cookieTtl, String cookiePath, Boolean sourceIp, String key) {
    public enum Kind { HEADER, COOKIE, CONNECTION, QUERY_PARAMETER, FILTER_STATE }
  }
}
