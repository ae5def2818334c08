package dev.atrium.core.validation;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.Conf;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.CrossZone;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.Failover;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.HashPolicy;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.LoadBalancer;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.LocalZone;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.LocalityAwareness;
import dev.atrium.core.model.loadbalancing.MeshLoadBalancingStrategySpec.To;
import dev.atrium.core.model.route.TargetRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Kuma 2.14's MeshLoadBalancingStrategy validator with its paths and messages, plus the bounds Kuma's
 * schema puts on enums, names and sizes (a value outside them would make Envoy reject the cluster).
 * Under a top-level MeshGateway an entry that sets {@code loadBalancer} may only name Mesh: one gateway
 * cluster serves every listener, so a per-service balancer has no single place to go. An entry naming a
 * MeshHTTPRoute sets hash policies only.
 */
final class MeshLoadBalancingStrategyValidator {
  private MeshLoadBalancingStrategyValidator() {}

  static final List<String> TOP_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.DATAPLANE);
  static final List<String> TO_KINDS_GATEWAY = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_MULTI_ZONE_SERVICE);
  static final List<String> TO_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_MULTI_ZONE_SERVICE, TargetRefRules.MESH_HTTP_ROUTE);

  static final List<String> LB_TYPES = List.of("RoundRobin", "LeastRequest", "RingHash", "Random", "Maglev");
  static final List<String> HASH_TYPES = List.of("Header", "Cookie", "Connection", "SourceIP", "QueryParameter",
      "FilterState");
  static final List<String> HASH_FUNCTIONS = List.of("XXHash", "MurmurHash2");
  static final long MAX_RING_SIZE = 8_000_000;
  static final long MAX_TABLE_SIZE = 5_000_011;

  private static final String MUST_BE_DEFINED = "must be defined";
  private static final String MUST_NOT_BE_EMPTY = "must not be empty";
  private static final String ONLY_HASH_POLICIES =
      "field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported";
  private static final String ROOT_HASH_POLICIES = "hashPolicies already specified in the root level";

  static void validate(MeshLoadBalancingStrategySpec spec, FieldPath root, Violations v) {
    if (spec.targetRef() != null) {
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()), TOP_KINDS, true);
    }
    String topKind = spec.targetRef() == null || spec.targetRef().kind() == null ? TargetRefRules.MESH
        : spec.targetRef().kind();
    for (int i = 0; i < spec.to().size(); i++) {
      to(v, root.field("to").index(i), topKind, spec.to().get(i));
    }
  }

  private static void to(Violations v, FieldPath path, String topKind, To to) {
    Conf conf = to.defaultConf() == null ? new Conf(null, null, null) : to.defaultConf();
    TargetRef ref = to.targetRef();
    FieldPath refPath = path.field("targetRef");
    if (ref == null || ref.kind() == null || ref.kind().isEmpty()) {
      v.add(refPath.field("kind"), MUST_BE_DEFINED);
    } else if (topKind.equals(TargetRefRules.MESH_GATEWAY) && conf.loadBalancer() != null
        && !ref.kind().equals(TargetRefRules.MESH)) {
      v.add(refPath.field("kind"), "value '" + topKind + "' is not supported, only Mesh is allowed if loadBalancer is set");
    } else {
      List<String> kinds = topKind.equals(TargetRefRules.MESH_GATEWAY) ? TO_KINDS_GATEWAY : TO_KINDS;
      TargetRefRules.check(v, refPath, TargetRefRules.Ref.of(ref), kinds, false);
    }
    String kind = ref == null ? null : ref.kind();
    if (TargetRefRules.MESH_EXTERNAL_SERVICE.equals(kind) && !topKind.equals(TargetRefRules.MESH)) {
      v.add(path.field("targetRef.kind"), "kind MeshExternalService is only allowed with targetRef.kind: Mesh as it is "
          + "configured on the Zone Egress and shared by all clients in the mesh");
    }
    FieldPath d = path.field("default");
    if (TargetRefRules.MESH_HTTP_ROUTE.equals(kind)) {
      hashPolicies(v, d.field("hashPolicies"), conf.hashPolicies());
      if (conf.loadBalancer() != null) v.add(d.field("loadBalancer"), ONLY_HASH_POLICIES);
      if (conf.localityAwareness() != null) v.add(d.field("localityAwareness"), ONLY_HASH_POLICIES);
      return;
    }
    loadBalancer(v, d.field("loadBalancer"), conf.loadBalancer());
    localityAwareness(v, d.field("localityAwareness"), conf.localityAwareness(), ref);
    hashPolicies(v, d.field("hashPolicies"), conf.hashPolicies());
    LoadBalancer lb = conf.loadBalancer();
    if (conf.hashPolicies() != null && lb != null) {
      if (lb.ringHash() != null && lb.ringHash().hashPolicies() != null) {
        v.add(d.field("loadBalancer").field("ringHash").field("hashPolicies"), ROOT_HASH_POLICIES);
      }
      if (lb.maglev() != null && lb.maglev().hashPolicies() != null) {
        v.add(d.field("loadBalancer").field("maglev").field("hashPolicies"), ROOT_HASH_POLICIES);
      }
    }
  }

  private static void loadBalancer(Violations v, FieldPath path, LoadBalancer lb) {
    if (lb == null) return;
    if (lb.type() == null || lb.type().isEmpty()) {
      v.add(path.field("type"), MUST_BE_DEFINED);
      return;
    }
    if (!LB_TYPES.contains(lb.type())) {
      v.add(path.field("type"), "invalid value \"" + lb.type() + "\": must be one of " + LB_TYPES);
      return;
    }
    switch (lb.type()) {
      case "RingHash" -> {
        var rh = lb.ringHash();
        if (rh == null) return;
        FieldPath p = path.field("ringHash");
        hashPolicies(v, p.field("hashPolicies"), rh.hashPolicies());
        if (rh.hashFunction() != null && !HASH_FUNCTIONS.contains(rh.hashFunction())) {
          v.add(p.field("hashFunction"), "invalid value \"" + rh.hashFunction() + "\": must be one of " + HASH_FUNCTIONS);
        }
        inRange(v, p.field("minRingSize"), rh.minRingSize(), 1, MAX_RING_SIZE);
        inRange(v, p.field("maxRingSize"), rh.maxRingSize(), 1, MAX_RING_SIZE);
        if (rh.minRingSize() != null && rh.maxRingSize() != null && rh.minRingSize() > rh.maxRingSize()) {
          v.add(p.field("minRingSize"), "must not be greater than maxRingSize");
        }
      }
      case "Maglev" -> {
        var m = lb.maglev();
        if (m == null) return;
        FieldPath p = path.field("maglev");
        hashPolicies(v, p.field("hashPolicies"), m.hashPolicies());
        if (inRange(v, p.field("tableSize"), m.tableSize(), 1, MAX_TABLE_SIZE)
            && !BigInteger.valueOf(m.tableSize()).isProbablePrime(30)) {
          // Kuma's schema stops at the range; Envoy refuses the cluster unless the size is prime.
          v.add(p.field("tableSize"), "must be a prime number");
        }
      }
      case "LeastRequest" -> {
        var lr = lb.leastRequest();
        if (lr == null) return;
        FieldPath p = path.field("leastRequest");
        if (lr.choiceCount() != null && lr.choiceCount() < 2) v.add(p.field("choiceCount"), "must be greater or equal then: 2");
        if (lr.activeRequestBias() != null) {
          var bias = MeshCircuitBreakerValidator.decimal(lr.activeRequestBias());
          if (bias.isEmpty()) {
            v.add(p.field("activeRequestBias"), "string must be a valid number");
          } else if (bias.get().compareTo(BigDecimal.ZERO) < 0) {
            v.add(p.field("activeRequestBias"), "must be greater or equal then: 0");
          }
        }
      }
      default -> { } // RoundRobin, Random: nothing to tune
    }
  }

  private static void localityAwareness(Violations v, FieldPath path, LocalityAwareness la, TargetRef to) {
    if (la == null) return;
    localZone(v, path.field("localZone"), la.localZone());
    crossZone(v, path.field("crossZone"), la.crossZone(), to);
  }

  private static void localZone(Violations v, FieldPath path, LocalZone lz) {
    if (lz == null || lz.affinityTags() == null) return;
    int weighted = 0;
    for (int i = 0; i < lz.affinityTags().size(); i++) {
      var tag = lz.affinityTags().get(i);
      FieldPath p = path.field("affinityTags").index(i);
      if (tag.key() == null || tag.key().isEmpty()) v.add(p.field("key"), MUST_NOT_BE_EMPTY);
      if (tag.weight() != null) {
        if (tag.weight() <= 0) v.add(p.field("weight"), "must be greater than 0");
        weighted++;
      }
    }
    if (weighted > 0 && weighted != lz.affinityTags().size()) {
      v.add(path.field("affinityTags"), "all or none affinity tags should have weight");
    }
  }

  private static void crossZone(Violations v, FieldPath path, CrossZone cz, TargetRef to) {
    if (cz == null) return;
    if (to != null && TargetRefRules.MESH_SERVICE.equals(to.kind())
        && ((to.sectionName() != null && !to.sectionName().isEmpty()) || !to.labels().isEmpty())) {
      v.add(path, "must not be set: MeshService traffic is local");
    }
    List<Failover> failovers = cz.failover() == null ? List.of() : cz.failover();
    for (int i = 0; i < failovers.size(); i++) {
      Failover f = failovers.get(i);
      FieldPath p = path.field("failover").index(i);
      if (f.from() != null) {
        List<String> zones = f.from().zones() == null ? List.of() : f.from().zones();
        if (zones.isEmpty()) v.add(p.field("from").field("zones"), MUST_NOT_BE_EMPTY);
        for (int z = 0; z < zones.size(); z++) {
          if (zones.get(z) == null || zones.get(z).isEmpty()) v.add(p.field("from").field("zones").index(z), MUST_NOT_BE_EMPTY);
        }
      }
      String type = f.to() == null ? null : f.to().type();
      boolean zonesGiven = f.to() != null && f.to().zones() != null && !f.to().zones().isEmpty();
      FieldPath toZones = p.field("to").field("zones");
      if ("Any".equals(type) || "None".equals(type)) {
        if (zonesGiven) v.add(toZones, "must be empty when type is " + type);
      } else if ("AnyExcept".equals(type) || "Only".equals(type)) {
        if (!zonesGiven) v.add(toZones, "must not be empty when type is " + type);
      } else {
        v.add(p.field("to").field("type"), "unrecognized type");
      }
    }
    if (cz.failoverThreshold() != null) {
      FieldPath p = path.field("failoverThreshold").field("percentage");
      String pct = cz.failoverThreshold().percentage();
      if (pct == null) {
        v.add(p, MUST_BE_DEFINED);
      } else {
        var d = MeshCircuitBreakerValidator.decimal(pct);
        if (d.isEmpty()) {
          v.add(p, "string must be a valid number");
        } else if (d.get().signum() < 0 || d.get().compareTo(BigDecimal.valueOf(100)) > 0) {
          v.add(p, "must be in inclusive range [0.0, 100.0]");
        } else if (d.get().signum() == 0) {
          v.add(p, "must be greater than 0");
        }
      }
    }
  }

  private static void hashPolicies(Violations v, FieldPath path, List<HashPolicy> policies) {
    if (policies == null) return;
    for (int i = 0; i < policies.size(); i++) {
      HashPolicy h = policies.get(i);
      FieldPath p = path.index(i);
      String type = h.type();
      if (type == null || type.isEmpty()) {
        v.add(p.field("type"), MUST_BE_DEFINED);
        continue;
      }
      switch (type) {
        case "Header" -> {
          if (h.header() == null) v.add(p.field("header"), MUST_BE_DEFINED);
          else headerName(v, p.field("header").field("name"), h.header().name());
        }
        case "Cookie" -> {
          if (h.cookie() == null) {
            v.add(p.field("cookie"), MUST_BE_DEFINED);
          } else {
            nonEmpty(v, p.field("cookie").field("name"), h.cookie().name());
            if (h.cookie().path() != null && !h.cookie().path().startsWith("/")) {
              v.add(p.field("cookie").field("path"), "must be an absolute path");
            }
            String ttl = h.cookie().ttl();
            if (ttl != null && GoDuration.parse(ttl).isEmpty()) {
              v.add(p.field("cookie").field("ttl"), "time: invalid duration \"" + ttl + "\"");
            }
          }
        }
        case "QueryParameter" -> {
          if (h.queryParameter() == null) v.add(p.field("queryParameter"), MUST_BE_DEFINED);
          else nonEmpty(v, p.field("queryParameter").field("name"), h.queryParameter().name());
        }
        case "FilterState" -> {
          if (h.filterState() == null) v.add(p.field("filterState"), MUST_BE_DEFINED);
          else nonEmpty(v, p.field("filterState").field("key"), h.filterState().key());
        }
        case "Connection", "SourceIP" -> {
          if (h.connection() == null) v.add(p.field("connection"), MUST_BE_DEFINED);
        }
        default -> v.add(p.field("type"), "invalid value \"" + type + "\": must be one of " + HASH_TYPES);
      }
    }
  }

  /** Kuma's schema wants a name; Envoy also refuses one with NUL, CR or LF. */
  private static void headerName(Violations v, FieldPath path, String name) {
    if (name == null || name.isEmpty()) {
      v.add(path, MUST_NOT_BE_EMPTY);
    } else if (name.chars().anyMatch(c -> c == 0 || c == '\r' || c == '\n')) {
      v.add(path, "must be a valid HTTP header name");
    }
  }

  private static void nonEmpty(Violations v, FieldPath path, String value) {
    if (value == null || value.isEmpty()) v.add(path, MUST_NOT_BE_EMPTY);
  }

  /** Whether {@code value} is set and within bounds; a violation when it is set and outside. */
  private static boolean inRange(Violations v, FieldPath path, Long value, long min, long max) {
    if (value == null) return false;
    if (value < min || value > max) {
      v.add(path, "must be in inclusive range [" + min + ", " + max + "]");
      return false;
    }
    return true;
  }
}
