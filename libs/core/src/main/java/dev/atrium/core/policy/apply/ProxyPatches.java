package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ProxyPatchIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.proxypatch.MeshProxyPatchSpec;
import dev.atrium.core.model.proxypatch.ProxyTemplateSpec;
import dev.atrium.core.policy.GatewayPolicies;
import dev.atrium.core.policy.LegacySelectors;
import dev.atrium.core.policy.TargetedPolicies;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which MeshProxyPatch and ProxyTemplate changes a proxy gets, in the order they are applied to its
 * Envoy resources: first the one legacy ProxyTemplate whose selectors match the proxy best (Kuma applies
 * a single template), then every MeshProxyPatch selecting the proxy, least specific first — Kuma appends
 * their {@code appendModifications}, so a more specific policy's changes come later and win.
 */
public final class ProxyPatches {
  private ProxyPatches() {}

  public static List<ProxyPatchIr> resolve(MeshSnapshot mesh, Resource dataplane, Optional<GatewayPolicies> gateway) {
    List<ProxyPatchIr> out = new ArrayList<>();
    legacyTemplate(mesh, dataplane).ifPresent(out::add);
    for (Resource p : TargetedPolicies.forProxy(mesh.all(ResourceKind.MESH_PROXY_PATCH),
        r -> r.specAs(MeshProxyPatchSpec.class).targetRef(), dataplane, gateway)) {
      MeshProxyPatchSpec spec = p.specAs(MeshProxyPatchSpec.class);
      if (spec.defaultConf() == null) continue;
      out.add(new ProxyPatchIr("MeshProxyPatch/" + p.name(), "mesh-proxy-patch", List.of(),
          spec.defaultConf().appendModifications()));
    }
    return out;
  }

  /** The ProxyTemplate whose best selector matching the proxy's tags ranks highest; by name on a tie. */
  private static Optional<ProxyPatchIr> legacyTemplate(MeshSnapshot mesh, Resource dataplane) {
    List<Resource> templates = mesh.all(ResourceKind.PROXY_TEMPLATE);
    if (templates.isEmpty()) return Optional.empty();
    List<Map<String, String>> tagSets = tagSets(dataplane.specAs(DataplaneSpec.class));
    Resource best = null;
    LegacySelectors.Rank bestRank = LegacySelectors.Rank.NONE;
    for (Resource t : templates.stream().sorted(Comparator.comparing(Resource::name)).toList()) {
      ProxyTemplateSpec spec = t.specAs(ProxyTemplateSpec.class);
      for (Map<String, String> tags : tagSets) {
        Optional<LegacySelectors.Rank> rank = LegacySelectors.bestMatch(spec.selectors(), tags);
        if (rank.isPresent() && rank.get().compareTo(bestRank) > 0) {
          best = t;
          bestRank = rank.get();
        }
      }
    }
    if (best == null) return Optional.empty();
    ProxyTemplateSpec.Conf conf = best.specAs(ProxyTemplateSpec.class).conf();
    if (conf == null) return Optional.empty();
    return Optional.of(new ProxyPatchIr("ProxyTemplate/" + best.name(), "proxy-template-modifications",
        conf.resources(), conf.modifications()));
  }

  /** A gateway's tags, or each inbound's: a selector matching any of them selects the proxy (as in Kuma). */
  private static List<Map<String, String>> tagSets(DataplaneSpec spec) {
    if (spec.isGateway()) return List.of(spec.networking().gateway().tags());
    if (spec.networking() == null) return List.of();
    return spec.networking().inbound().stream().map(DataplaneSpec.Inbound::tags).toList();
  }
}
