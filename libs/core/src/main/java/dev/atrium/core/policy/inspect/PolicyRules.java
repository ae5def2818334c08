package dev.atrium.core.policy.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.policy.GatewayPolicyMatcher;
import dev.atrium.core.policy.ProxyPolicies;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.policy.FromConfs;
import dev.atrium.core.policy.FromRules;
import dev.atrium.core.policy.GatewayPolicies;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.PolicyKind;
import dev.atrium.core.policy.TargetRefMatcher;
import dev.atrium.core.policy.TargetedPolicies;
import dev.atrium.core.policy.ToConfs;
import dev.atrium.core.policy.apply.ConnectionPolicies;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kuma's {@code _rules} for one proxy: per connection policy kind with at least one policy selecting
 * it, the merged conf per destination subset ({@code to}) and per inbound and caller subset
 * ({@code from}), with the same matching and merging the policy pass uses ({@link ToConfs},
 * {@link FromConfs}). Subsets are the ones the policies name (Kuma's rules over {@code kuma.io/service}
 * and MeshSubset tags); a subset overlapping another one only partly is shown as its own rule with the
 * entries that cover it, which is what a destination carrying exactly those tags gets.
 */
public final class PolicyRules {
  private PolicyRules() {}

  /** The rules of a Dataplane of {@code mesh}: a builtin gateway's as the MeshGateway selecting it resolves. */
  public static List<KindRules> forDataplane(MeshSnapshot mesh, Resource dataplane) {
    return forProxy(mesh, dataplane, ProxyPolicies.resolve(mesh, dataplane).gateway());
  }

  /**
   * The rules of a MeshGateway: those of the first builtin Dataplane it configures, or with none running,
   * of one its first selector would pick (Kuma answers for a gateway with no proxy too).
   */
  public static List<KindRules> forGateway(MeshSnapshot mesh, Resource gateway) {
    for (Resource dp : mesh.all(ResourceKind.DATAPLANE)) {
      if (!dp.specAs(DataplaneSpec.class).isBuiltinGateway()) continue;
      Optional<GatewayPolicies> selected = ProxyPolicies.resolve(mesh, dp).gateway();
      if (selected.isPresent() && selected.get().gateway().name().equals(gateway.name())) {
        return forProxy(mesh, dp, selected);
      }
    }
    MeshGatewaySpec spec = gateway.specAs(MeshGatewaySpec.class);
    Map<String, String> tags = spec.selectors().isEmpty() ? Map.of() : spec.selectors().get(0).match();
    ObjectNode dp = Mappers.JSON.createObjectNode().put("type", "Dataplane").put("mesh", mesh.name())
        .put("name", gateway.name() + "-inspect");
    ObjectNode networking = dp.putObject("networking").put("address", "127.0.0.1");
    ObjectNode gw = networking.putObject("gateway").put("type", "BUILTIN");
    gw.set("tags", Mappers.JSON.valueToTree(tags));
    Resource synthetic = ResourceCodec.decode(dp);
    return forProxy(mesh, synthetic, GatewayPolicyMatcher.forDataplane(mesh, synthetic));
  }

  public static List<KindRules> forProxy(MeshSnapshot mesh, Resource dataplane, Optional<GatewayPolicies> gateway) {
    List<KindRules> out = new ArrayList<>();
    for (PolicyKind<?, ?> kind : ConnectionPolicies.KINDS) {
      KindRules rules = forKind(kind, mesh, dataplane, gateway);
      if (rules != null) out.add(rules);
    }
    return out;
  }

  private static <S extends ResourceSpec, C> KindRules forKind(PolicyKind<S, C> kind, MeshSnapshot mesh,
      Resource dataplane, Optional<GatewayPolicies> gateway) {
    List<Resource> policies = mesh.all(kind.kind());
    if (policies.isEmpty()) return null;
    List<Resource> selecting = TargetedPolicies.forProxy(policies, kind::topLevelOf, dataplane, gateway);
    List<FromRules.Entry<C>> to = ToConfs.entries(kind, selecting);

    List<KindRules.Inbound<SubsetRule>> fromRules = new ArrayList<>();
    List<KindRules.Inbound<EntryConf>> inboundRules = new ArrayList<>();
    boolean anyInbound = false;
    if (gateway.isEmpty()) {
      DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
      for (DataplaneSpec.Inbound inbound : networking == null ? List.<DataplaneSpec.Inbound>of() : networking.inbound()) {
        if (inbound.port() == null) continue;
        List<Resource> selectingInbound = TargetedPolicies.forInbound(policies, kind::topLevelOf, dataplane, inbound.tags());
        List<FromRules.Entry<C>> from = FromConfs.entries(kind, selectingInbound);
        if (from.isEmpty()) continue;
        anyInbound = true;
        fromRules.add(new KindRules.Inbound<>(inbound.name(), inbound.port(), inbound.tags(), subsetRules(from, kind.confType())));
        inboundRules.add(new KindRules.Inbound<>(inbound.name(), inbound.port(), inbound.tags(), asWritten(everyCaller(from))));
      }
    }
    if (to.isEmpty() && !anyInbound) return null;
    return new KindRules(kind.kind(), subsetRules(to, kind.confType()), asWritten(everyCaller(to)), fromRules, inboundRules);
  }

  /** One rule per subset the entries name (most tags first, then as first named), then the catch-all. */
  static <C> List<SubsetRule> subsetRules(List<FromRules.Entry<C>> entries, Class<C> type) {
    Set<Map<String, String>> subsets = new LinkedHashSet<>();
    entries.stream().map(FromRules.Entry::subset).filter(s -> !s.isEmpty()).forEach(subsets::add);
    List<Map<String, String>> ordered = new ArrayList<>(subsets);
    ordered.sort(Comparator.comparingInt((Map<String, String> s) -> s.size()).reversed());
    if (entries.stream().anyMatch(e -> e.subset().isEmpty())) ordered.add(Map.of());
    List<SubsetRule> out = new ArrayList<>();
    for (Map<String, String> subset : ordered) {
      List<FromRules.Entry<C>> applying = entries.stream()
          .filter(e -> TargetRefMatcher.tagsMatch(e.subset(), subset)).toList();
      MergedConf<C> merged = MergedConf.merge(applying, type);
      List<Origin> origins = applying.stream().map(e -> Origin.of(e.origin().kind(), e.origin().name())).distinct().toList();
      out.add(new SubsetRule(subset, ConfTrees.tree(merged.conf().orElse(null)), origins, ConfTrees.provenance(applying)));
    }
    return out;
  }

  private static <C> List<FromRules.Entry<C>> everyCaller(List<FromRules.Entry<C>> entries) {
    return entries.stream().filter(e -> e.subset().isEmpty()).toList();
  }

  private static <C> List<EntryConf> asWritten(List<FromRules.Entry<C>> entries) {
    return entries.stream()
        .map(e -> new EntryConf(ConfTrees.tree(e.conf()), Origin.of(e.origin().kind(), e.origin().name()), ConfTrees.ruleIndex(e.origin())))
        .toList();
  }
}
