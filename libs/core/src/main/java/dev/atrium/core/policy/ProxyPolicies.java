package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.Map;
import java.util.Optional;

/**
 * The policy stage's answer for one proxy, between {@code MeshSnapshot} and translation: for a builtin
 * gateway the MeshGateway, listeners and attached routes ({@link GatewayPolicies}); for any inbound who
 * may call it ({@link #permissions}). Translators read it rather than deciding attachment themselves.
 */
public record ProxyPolicies(MeshSnapshot mesh, Resource dataplane, Optional<GatewayPolicies> gateway) {

  /** Resolves the policies of {@code dataplane} (a Dataplane of {@code mesh}). */
  public static ProxyPolicies resolve(MeshSnapshot mesh, Resource dataplane) {
    boolean builtin = dataplane.specAs(DataplaneSpec.class).isBuiltinGateway();
    return new ProxyPolicies(mesh, dataplane,
        builtin ? GatewayPolicyMatcher.forDataplane(mesh, dataplane) : Optional.empty());
  }

  /** Who may call the inbound with these tags ({@link TrafficPermissions#forInbound}). */
  public InboundPermissions permissions(Map<String, String> inboundTags) {
    return TrafficPermissions.forInbound(mesh, dataplane, inboundTags);
  }
}
