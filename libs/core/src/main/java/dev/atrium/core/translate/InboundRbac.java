package dev.atrium.core.translate;

import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.ir.RbacIr;
import dev.atrium.core.ir.RbacIr.PrincipalIr;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.policy.InboundPermissions;
import dev.atrium.core.policy.InboundPermissions.Action;
import dev.atrium.core.policy.InboundPermissions.Rule;
import dev.atrium.core.snapshot.KumaTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An inbound's permissions as one Envoy ALLOW policy. The rules are first-match, Envoy's policy is
 * any-match, so each rule's callers are narrowed by what earlier rules decided: an allowed principal
 * excludes the callers of every earlier Deny, a shadow-denied one the callers of every earlier rule
 * (they are allowed or denied for real, never by this rule). Nothing allowed → Envoy denies everyone.
 *
 * <p>A caller's tags become the URI SANs its certificate carries: {@code kuma.io/service} →
 * {@code spiffe://<mesh>/<service>}, any other tag → {@code kuma://<tag>/<value>}.
 */
final class InboundRbac {
  private InboundRbac() {}

  static final String MTP_POLICY = "MeshTrafficPermission";

  static RbacIr of(String mesh, InboundPermissions permissions) {
    List<PrincipalIr> allow = new ArrayList<>();
    List<PrincipalIr> shadow = new ArrayList<>();
    List<List<String>> denied = new ArrayList<>();
    List<List<String>> earlier = new ArrayList<>();
    for (Rule rule : permissions.rules()) {
      List<String> ids = ids(mesh, rule.callers());
      List<List<String>> except = new ArrayList<>();
      rule.except().forEach(tags -> except.add(ids(mesh, tags)));
      if (rule.action() == Action.DENY) {
        denied.add(ids);
      } else {
        List<List<String>> allowExcept = new ArrayList<>(except);
        allowExcept.addAll(denied);
        allow.add(new PrincipalIr(ids, allowExcept));
        if (rule.action() == Action.ALLOW_WITH_SHADOW_DENY) {
          List<List<String>> shadowExcept = new ArrayList<>(except);
          shadowExcept.addAll(earlier);
          shadow.add(new PrincipalIr(ids, shadowExcept));
        }
      }
      earlier.add(ids);
    }
    return new RbacIr(policyName(permissions), allow, shadow);
  }

  /** Kuma's policy name: the legacy TrafficPermission's own name, else {@code MeshTrafficPermission}. */
  private static String policyName(InboundPermissions permissions) {
    List<Rule> rules = permissions.rules();
    if (!rules.isEmpty() && rules.stream().allMatch(r -> r.origin().kind() == ResourceKind.TRAFFIC_PERMISSION)) {
      return rules.get(0).origin().name();
    }
    return MTP_POLICY;
  }

  /** The URI SANs of a caller with {@code tags}, service first, then the other tags by name. */
  static List<String> ids(String mesh, Map<String, String> tags) {
    List<String> ids = new ArrayList<>();
    String service = tags.get(KumaTags.SERVICE);
    if (service != null) ids.add(MeshTlsIr.spiffeId(mesh, service));
    new TreeMap<>(tags).forEach((tag, value) -> {
      if (!tag.equals(KumaTags.SERVICE)) ids.add("kuma://" + tag + "/" + value);
    });
    return ids;
  }
}
