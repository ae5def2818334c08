package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.route.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The policies of one kind that apply to a proxy, in Kuma's merge order ({@link Specificity}): the shared
 * first step of every targetRef policy. {@code from} policies (MeshTrafficPermission, MeshFaultInjection,
 * MeshRateLimit…) select per inbound; {@code to} policies (MeshTimeout, MeshRetry, MeshCircuitBreaker…)
 * per proxy. A consumer or workload-owner policy applies only in its own namespace
 * ({@link TargetRefMatcher#namespaceAllows}). Their entries then go through {@link FromRules}.
 */
public final class TargetedPolicies {
  private TargetedPolicies() {}

  /** The policies whose top-level targetRef ({@code topLevel}) selects the inbound with {@code inboundTags}, least specific first. */
  public static List<Resource> forInbound(List<Resource> policies, Function<Resource, TargetRef> topLevel,
      Resource dataplane, Map<String, String> inboundTags) {
    List<Resource> out = new ArrayList<>();
    for (Resource p : policies) {
      if (TargetRefMatcher.namespaceAllows(p, dataplane)
          && TargetRefMatcher.selectsInbound(topLevel.apply(p), dataplane, inboundTags)) out.add(p);
    }
    out.sort(Specificity.mergeOrder(r -> r, topLevel));
    return out;
  }

  /** The policies whose top-level targetRef selects the proxy ({@link TargetRefMatcher#selectsProxy}), least specific first. */
  public static List<Resource> forProxy(List<Resource> policies, Function<Resource, TargetRef> topLevel,
      Resource dataplane, Optional<GatewayPolicies> gateway) {
    List<Resource> out = new ArrayList<>();
    for (Resource p : policies) {
      if (TargetRefMatcher.namespaceAllows(p, dataplane)
          && TargetRefMatcher.selectsProxy(topLevel.apply(p), dataplane, gateway)) out.add(p);
    }
    out.sort(Specificity.mergeOrder(r -> r, topLevel));
    return out;
  }
}
