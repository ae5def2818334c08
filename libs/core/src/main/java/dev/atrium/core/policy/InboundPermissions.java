package dev.atrium.core.policy;

import dev.atrium.core.model.Collect;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may call one inbound of a proxy whose mesh has mTLS on, as the policy stage resolved it from the
 * MeshTrafficPermissions that select the inbound or, when none does, the best legacy TrafficPermission.
 * A caller is known by its certificate: {@code kuma.io/service} → the SPIFFE ID
 * {@code spiffe://<mesh>/<service>}, any other tag → {@code kuma://<tag>/<value>}.
 *
 * @param rules in evaluation order, most specific first; a caller gets the action of the first rule
 *     whose callers it matches; a caller no rule matches is denied (so no permission at all denies
 *     everything, as Kuma does since 2.6)
 */
public record InboundPermissions(List<Rule> rules) {
  public InboundPermissions {
    rules = Collect.list(rules);
  }

  public static final InboundPermissions DENY_ALL = new InboundPermissions(List.of());

  public enum Action { ALLOW, DENY, ALLOW_WITH_SHADOW_DENY }

  /**
   * @param callers the tags a caller must carry (all of them); empty matches every mesh caller
   * @param except tag sets of callers this rule leaves to another rule (a more specific rule with
   *     another action, Kuma's negated subsets): a caller carrying every tag of one of them is not matched
   * @param action what a matched caller gets
   * @param origin the permission and its {@code from} entry (or the TrafficPermission's source)
   */
  public record Rule(Map<String, String> callers, List<Map<String, String>> except, Action action, Origin origin) {
    public Rule {
      callers = Collect.map(callers);
      except = Collect.list(except);
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(origin, "origin");
    }
  }
}
