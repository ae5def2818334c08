package dev.atrium.core.translate;

import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.GatewayType;
import dev.atrium.core.policy.GatewayPolicies;
import dev.atrium.core.policy.ProxyPolicies;
import dev.atrium.core.policy.apply.ConnectionPolicies;
import dev.atrium.core.policy.apply.ProxyPatches;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.Optional;

/**
 * Stage three of the pipeline: {@code MeshSnapshot + proxy identity ─► proxy IR}. Pure and
 * deterministic: the same snapshot and name always give an equal {@link ProxyIr}.
 */
public final class ProxyTranslator {
  private ProxyTranslator() {}

  /**
   * The IR of the Dataplane {@code dataplaneName} in {@code mesh}: a sidecar's inbounds and outbounds,
   * or a delegated gateway's outbounds only; either with the listeners of its transparent-proxy redirect
   * ports when {@code networking.transparentProxying} names them ({@link TransparentProxyTranslator}).
   *
   * <p>A builtin gateway gets an IR of kind {@link ProxyKind#BUILTIN_GATEWAY} made from the MeshGateway
   * that selects it and the routes attached to its listeners, as the policy stage resolves them
   * ({@link ProxyPolicies}, then {@link GatewayTranslator}).
   *
   * <p>MeshProxyPatch and ProxyTemplate changes are only chosen here ({@link ProxyPatches}): they act on the
   * Envoy resources, after {@code XdsTranslator} builds them.
   *
   * <p>Every IR then goes through the connection-policy pass ({@link ConnectionPolicies}): MeshTimeout
   * and the policies after it set their records on listeners, routes and clusters.
   *
   * @throws UnknownDataplaneException when the mesh has no such Dataplane
   */
  public static ProxyIr translate(MeshSnapshot mesh, String dataplaneName) {
    return translate(mesh, dataplaneName, OtherMeshes.NONE);
  }

  /**
   * As {@link #translate(MeshSnapshot, String)}, reading the other meshes' snapshots where a proxy reaches
   * across meshes (an outbound tagged {@code kuma.io/mesh}: another mesh's cross-mesh gateway).
   */
  public static ProxyIr translate(MeshSnapshot mesh, String dataplaneName, OtherMeshes others) {
    Resource dataplane = mesh.dataplane(dataplaneName)
        .orElseThrow(() -> new UnknownDataplaneException(mesh.name(), dataplaneName));
    DataplaneSpec spec = dataplane.specAs(DataplaneSpec.class);
    if (!spec.isGateway()) {
      return patched(ConnectionPolicies.apply(SidecarTranslator.translate(mesh, others, dataplane), mesh, dataplane,
          Optional.empty()), mesh, dataplane, Optional.empty());
    }
    if (spec.networking().gateway().effectiveType() == GatewayType.DELEGATED) {
      return patched(ConnectionPolicies.apply(DelegatedGatewayTranslator.translate(mesh, others, dataplane), mesh, dataplane,
          Optional.empty()), mesh, dataplane, Optional.empty());
    }
    Optional<GatewayPolicies> gateway = ProxyPolicies.resolve(mesh, dataplane).gateway();
    return patched(ConnectionPolicies.apply(GatewayTranslator.translate(mesh, dataplane, gateway), mesh, dataplane, gateway),
        mesh, dataplane, gateway);
  }

  /** {@code ir} with the MeshProxyPatch/ProxyTemplate changes for its proxy, which act on Envoy resources later. */
  private static ProxyIr patched(ProxyIr ir, MeshSnapshot mesh, Resource dataplane, Optional<GatewayPolicies> gateway) {
    if (mesh.all(ResourceKind.MESH_PROXY_PATCH).isEmpty() && mesh.all(ResourceKind.PROXY_TEMPLATE).isEmpty()) return ir;
    return ir.withPatches(ProxyPatches.resolve(mesh, dataplane, gateway));
  }
}
