package dev.atrium.core.model.loadbalancing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.IntOrString;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshLoadBalancingStrategy: how the selected proxies spread requests over a destination's
 * endpoints ({@code loadBalancer}), what a hashing balancer hashes on ({@code hashPolicies}), and how
 * zones and local tags are preferred ({@code localityAwareness}). Only {@code to} entries: the policy is
 * about destinations. Hash policy lists stay null when absent, because Kuma tells an empty list from a
 * missing one ({@code hashPolicies already specified in the root level}). Counts are unsigned 32-bit
 * in Kuma, kept as {@code Long} so a negative number reaches the validator.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshLoadBalancingStrategySpec(TargetRef targetRef, List<To> to) implements ResourceSpec {

  public MeshLoadBalancingStrategySpec {
    to = Collect.list(to);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /** What one entry sets; a null section leaves it to less specific entries (or round robin). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(LocalityAwareness localityAwareness, LoadBalancer loadBalancer, List<HashPolicy> hashPolicies) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LocalityAwareness(Boolean disabled, LocalZone localZone, CrossZone crossZone) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LocalZone(List<AffinityTag> affinityTags) {}

  /** A tag the local zone's endpoints are preferred by; weights are all set or none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AffinityTag(String key, Long weight) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CrossZone(List<Failover> failover, FailoverThreshold failoverThreshold) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Failover(FromZone from, ToZone to) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FromZone(List<String> zones) {}

  /** {@code type}: None, Only, Any or AnyExcept. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToZone(String type, List<String> zones) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FailoverThreshold(@IntOrString String percentage) {}

  /** {@code type}: RoundRobin, LeastRequest, RingHash, Random or Maglev; the section of that type tunes it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LoadBalancer(String type, RoundRobin roundRobin, LeastRequest leastRequest, RingHash ringHash,
      Random random, Maglev maglev) {}

  /**
   * No settings: written as {@code roundRobin: {}}. The annotation is what lets Jackson write a record
   * without components (as {@code {}}) instead of failing on an empty bean.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RoundRobin() {}

  /** No settings: written as {@code random: {}}; annotated for the same reason as {@link RoundRobin}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Random() {}

  /** {@code activeRequestBias} is Kuma's int-or-string decimal ({@code 1}, {@code "1.5"}), kept as text. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LeastRequest(Long choiceCount, @IntOrString String activeRequestBias) {}

  /** {@code hashFunction}: XXHash or MurmurHash2. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RingHash(String hashFunction, Long minRingSize, Long maxRingSize, List<HashPolicy> hashPolicies) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Maglev(Long tableSize, List<HashPolicy> hashPolicies) {}

  /**
   * One property a hashing balancer hashes a request on. {@code type}: Header, Cookie, Connection,
   * SourceIP, QueryParameter or FilterState, with the section of that name (SourceIP uses
   * {@code connection}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HashPolicy(String type, Boolean terminal, Header header, Cookie cookie, Connection connection,
      QueryParameter queryParameter, FilterState filterState) {}

  public record Header(String name) {}

  /** {@code ttl} is a Go duration; with it Envoy sets the cookie when the request has none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cookie(String name, String ttl, String path) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Connection(Boolean sourceIP) {}

  public record QueryParameter(String name) {}

  public record FilterState(String key) {}
}
