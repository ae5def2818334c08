package dev.atrium.core.xds;

import dev.atrium.core.ir.ProxyIr;

/**
 * Stage four of the pipeline: {@code proxy IR ─► Envoy resources by type URL}, assembled by the
 * generators of {@link DefaultProxyProfile} in order. Pure and deterministic.
 */
public final class XdsTranslator {
  private XdsTranslator() {}

  /**
   * The Envoy v3 LDS/RDS/CDS/EDS/SDS resources for {@code proxy}, sorted and versioned.
   *
   * @throws IllegalStateException when the result would refer to a resource it does not contain
   *     (a listener's route configuration, a route's or TCP proxy's cluster, an EDS cluster's
   *     assignment) or hold two resources of one name, or when a MeshProxyPatch/ProxyTemplate change
   *     cannot be applied or leaves a resource Envoy would reject ({@link PatchedResourceCheck}): such a
   *     configuration must never reach Envoy
   */
  public static XdsResources translate(ProxyIr proxy) {
    return translate(proxy, SharedResources.none());
  }

  /**
   * As {@link #translate(ProxyIr)}, taking the resources equal IR elements give from {@code shared}
   * (one per mesh snapshot) instead of building them again: the same output, built once per mesh.
   */
  public static XdsResources translate(ProxyIr proxy, SharedResources shared) {
    XdsResources.Builder out = XdsResources.builder(proxy.describe(), shared);
    for (ResourceGenerator generator : DefaultProxyProfile.GENERATORS) generator.generate(proxy, out);
    if (proxy.patches().isEmpty()) return out.build();
    // MeshProxyPatch/ProxyTemplate act on the Envoy resources; what they make is checked like the rest.
    ProxyPatcher.apply(proxy, out);
    XdsResources patched;
    try {
      patched = out.build();
    } catch (IllegalStateException e) {
      // Generated configs are consistent: a dangling name or a duplicate now is the patches' doing.
      throw new RefusedPatchException("patched xDS configuration for proxy " + proxy.describe() + " refused: " + e.getMessage(), e);
    }
    PatchedResourceCheck.check(proxy.describe(), patched);
    return patched;
  }
}
