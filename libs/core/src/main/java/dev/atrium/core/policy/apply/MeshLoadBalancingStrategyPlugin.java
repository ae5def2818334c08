package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.LoadBalancingIr;
import dev.atrium.core.ir.LoadBalancingIr.HashPolicyIr;
import dev.atrium.core.ir.LoadBalancingIr.LbPolicy;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.Conf;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.HashPolicy;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.LoadBalancer;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.PolicyKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;

/**
 * MeshLoadBalancingStrategy on the IR, for {@code to} destinations: the balancer on the cluster reaching
 * a service, and the hash policies on every forwarding route to it — sidecar and delegated-gateway
 * outbounds and a builtin gateway's clusters and routes alike (Kuma leaves the builtin gateway's alone,
 * kumahq/kuma#13869). Hash policies come from the entry's root {@code hashPolicies}, else from the
 * RingHash or Maglev section, as Kuma reads them. {@code localityAwareness} is validated but sets
 * nothing: with a single zone every endpoint is local, and weighted affinity tags need the zone
 * work of issue 15.
 */
final class MeshLoadBalancingStrategyPlugin implements PolicyPlugin {

  static final PolicyKind<MeshLoadBalancingStrategySpec, Conf> KIND = new PolicyKind<>(
      ResourceKind.MESH_LOAD_BALANCING_STRATEGY, MeshLoadBalancingStrategySpec.class, Conf.class,
      MeshLoadBalancingStrategySpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> List.of());

  private static final String LOAD_BALANCER = "loadBalancer.";

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_LOAD_BALANCING_STRATEGY;
  }

  @Override
  public ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    var destinations = ctx.destinations(cluster);
    if (destinations.isEmpty()) return cluster;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selecting(KIND), destinations);
    if (merged.isEmpty()) return cluster;
    LoadBalancer lb = merged.conf().get().loadBalancer();
    LbPolicy policy = lb == null ? null : lbPolicy(lb.type());
    if (policy == null) return cluster;
    var lr = policy == LbPolicy.LEAST_REQUEST ? lb.leastRequest() : null;
    var rh = policy == LbPolicy.RING_HASH ? lb.ringHash() : null;
    var mg = policy == LbPolicy.MAGLEV ? lb.maglev() : null;
    LoadBalancingIr ir = new LoadBalancingIr(policy,
        lr == null ? null : lr.choiceCount(),
        lr == null || lr.activeRequestBias() == null ? null : new BigDecimal(lr.activeRequestBias().trim()).doubleValue(),
        rh == null || rh.hashFunction() == null ? null : hashFunction(rh.hashFunction()),
        rh == null ? null : minRingSize(rh.minRingSize(), rh.maxRingSize()), rh == null ? null : rh.maxRingSize(),
        mg == null ? null : mg.tableSize(), List.of(),
        setBy(merged, field -> field.startsWith(LOAD_BALANCER) && !field.contains("hashPolicies")));
    return cluster.withPolicies(cluster.policies().withLoadBalancing(ir), null);
  }

  @Override
  public RouteRuleIr route(ProxyPolicyContext ctx, ListenerIr listener, RouteRuleIr route) {
    if (!ProxyPolicyContext.forwardsToMesh(listener)) return route;
    var destinations = ctx.destinations(route);
    if (destinations.isEmpty()) return route;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selectingPort(KIND, listener.port()), destinations);
    if (merged.isEmpty()) return route;
    List<HashPolicy> policies = hashPolicies(merged.conf().get());
    if (policies == null || policies.isEmpty()) return route;
    LoadBalancingIr ir = LoadBalancingIr.hashing(policies.stream().map(MeshLoadBalancingStrategyPlugin::hashPolicy).toList(),
        setBy(merged, field -> field.contains("hashPolicies")));
    return route.withPolicies(route.policies().withLoadBalancing(ir));
  }

  /** The root list wins; else the list of the RingHash or Maglev section the type names (Kuma's getHashPolicies). */
  static List<HashPolicy> hashPolicies(Conf conf) {
    if (conf.hashPolicies() != null) return conf.hashPolicies();
    LoadBalancer lb = conf.loadBalancer();
    if (lb == null || lb.type() == null) return null;
    return switch (lb.type()) {
      case "RingHash" -> lb.ringHash() == null ? null : lb.ringHash().hashPolicies();
      case "Maglev" -> lb.maglev() == null ? null : lb.maglev().hashPolicies();
      default -> null;
    };
  }

  /**
   * SourceIP is hashed like Connection: Kuma accepts the type with a {@code connection} section but
   * writes no specifier for it, which Envoy would refuse.
   */
  private static HashPolicyIr hashPolicy(HashPolicy h) {
    boolean terminal = Boolean.TRUE.equals(h.terminal());
    return switch (h.type()) {
      case "Header" -> new HashPolicyIr(HashPolicyIr.Kind.HEADER, terminal, h.header().name(), null, null, null, null);
      case "Cookie" -> new HashPolicyIr(HashPolicyIr.Kind.COOKIE, terminal, h.cookie().name(),
          h.cookie().ttl() == null ? null : GoDuration.parse(h.cookie().ttl()).orElse(null), h.cookie().path(), null, null);
      case "QueryParameter" ->
          new HashPolicyIr(HashPolicyIr.Kind.QUERY_PARAMETER, terminal, h.queryParameter().name(), null, null, null, null);
      case "FilterState" ->
          new HashPolicyIr(HashPolicyIr.Kind.FILTER_STATE, terminal, null, null, null, null, h.filterState().key());
      default -> new HashPolicyIr(HashPolicyIr.Kind.CONNECTION, terminal, null, null, null,
          Boolean.TRUE.equals(h.connection().sourceIP()), null);
    };
  }

  private static LbPolicy lbPolicy(String type) {
    if (type == null) return null;
    return switch (type) {
      case "RoundRobin" -> LbPolicy.ROUND_ROBIN;
      case "LeastRequest" -> LbPolicy.LEAST_REQUEST;
      case "RingHash" -> LbPolicy.RING_HASH;
      case "Random" -> LbPolicy.RANDOM;
      case "Maglev" -> LbPolicy.MAGLEV;
      default -> null;
    };
  }

  /**
   * Each policy is validated alone, so merging one's minimum with another's smaller maximum can yield a
   * ring Envoy refuses (min above max); the minimum is lowered to the maximum then.
   */
  private static Long minRingSize(Long min, Long max) {
    return min != null && max != null && min > max ? max : min;
  }

  private static String hashFunction(String kuma) {
    return "MurmurHash2".equals(kuma) ? "MURMUR_HASH_2" : "XX_HASH";
  }

  private static TreeMap<String, Origin> setBy(MergedConf<Conf> merged, java.util.function.Predicate<String> keep) {
    TreeMap<String, Origin> out = new TreeMap<>();
    merged.setBy().forEach((field, origin) -> {
      if (keep.test(field)) out.put(field, origin);
    });
    return out;
  }
}
