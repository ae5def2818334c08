package dev.atrium.core.validation;

import dev.atrium.core.model.permission.TrafficPermissionSpec;

/**
 * Kuma's legacy TrafficPermission (traffic_permission_validator.go): at least one source and one
 * destination selector, each with at least one tag.
 */
final class TrafficPermissionValidator {
  private TrafficPermissionValidator() {}

  private static final TagRules.Options AT_LEAST_ONE_TAG = new TagRules.Options(true, false, java.util.Set.of());

  static void validate(TrafficPermissionSpec spec, FieldPath root, Violations v) {
    TagRules.selectors(v, root.field("sources"), spec.sources(), false, AT_LEAST_ONE_TAG);
    TagRules.selectors(v, root.field("destinations"), spec.destinations(), false, AT_LEAST_ONE_TAG);
  }
}
