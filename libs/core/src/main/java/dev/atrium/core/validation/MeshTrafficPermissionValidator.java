package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec;
import dev.atrium.core.model.permission.MeshTrafficPermissionSpec.From;
import java.util.List;

/**
 * Kuma's MeshTrafficPermission validator with its messages: the top-level {@code targetRef} selects
 * proxies (never a MeshGateway: a builtin gateway has no mesh-facing inbound to protect), each
 * {@code from} names callers and an action, and the 2.13 {@code rules} form excludes {@code from}.
 */
final class MeshTrafficPermissionValidator {
  private MeshTrafficPermissionValidator() {}

  static final List<String> TOP_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET, TargetRefRules.DATAPLANE);
  static final List<String> FROM_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET);
  static final List<String> ACTIONS = List.of(MeshTrafficPermissionSpec.ALLOW, MeshTrafficPermissionSpec.DENY,
      MeshTrafficPermissionSpec.ALLOW_WITH_SHADOW_DENY);
  private static final List<String> RULE_LISTS = List.of("allow", "allowWithShadowDeny", "deny");

  static void validate(MeshTrafficPermissionSpec spec, FieldPath root, Violations v) {
    if (spec.targetRef() != null) {
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()), TOP_KINDS, false, true);
    }
    if (!spec.from().isEmpty() && !spec.rules().isEmpty()) v.add(root, "field 'from' must be empty when 'rules' is defined");
    if (spec.from().isEmpty() && spec.rules().isEmpty()) v.add(root, "at least one of 'from' or 'rules' has to be defined");
    for (int i = 0; i < spec.rules().size(); i++) rule(v, root.field("rules").index(i), spec.rules().get(i));
    for (int i = 0; i < spec.from().size(); i++) from(v, root.field("from").index(i), spec.from().get(i));
  }

  private static void from(Violations v, FieldPath path, From from) {
    if (from.targetRef() == null) {
      v.add(path.field("targetRef").field("kind"), "must be defined");
    } else {
      TargetRefRules.check(v, path.field("targetRef"), TargetRefRules.Ref.of(from.targetRef()), FROM_KINDS, false);
    }
    FieldPath action = path.field("default").field("action");
    String a = from.defaultConf() == null ? null : from.defaultConf().action();
    if (a == null || a.isEmpty()) {
      v.add(action, "must be defined");
    } else if (!ACTIONS.contains(a)) {
      v.add(action, "invalid value \"" + a + "\": must be one of " + ACTIONS);
    }
  }

  /** The rules form is kept as written; what it must contain is checked here. */
  private static void rule(Violations v, FieldPath path, JsonNode rule) {
    JsonNode conf = rule.path("default");
    boolean any = RULE_LISTS.stream().anyMatch(f -> conf.path(f).isArray() && !conf.path(f).isEmpty());
    if (!any) v.add(path, "at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined");
    for (String list : RULE_LISTS) {
      JsonNode matches = conf.path(list);
      for (int i = 0; i < matches.size(); i++) match(v, path.field(list).index(i), matches.get(i));
    }
  }

  private static void match(Violations v, FieldPath path, JsonNode match) {
    JsonNode spiffe = match.path("spiffeID");
    if (!spiffe.isMissingNode()) {
      String value = spiffe.path("value").asText("");
      if (!value.startsWith("spiffe://") || value.length() == "spiffe://".length()) {
        v.add(path.field("spiffeID"), "must be a valid Spiffe ID: scheme is missing or invalid");
      }
    }
    JsonNode sni = match.path("sni");
    if (!sni.isMissingNode()) {
      String type = sni.path("type").asText("");
      if (type.isEmpty()) {
        v.add(path.field("sni.type"), "must be set");
      } else if (!type.equals("Exact")) {
        v.add(path.field("sni.type"), "unrecognized type \"" + type + "\", supported values are: Exact");
      }
      if (sni.path("value").asText("").isEmpty()) v.add(path.field("sni.value"), "must be set");
    }
  }
}
