package dev.atrium.core.validation;

import dev.atrium.core.model.secret.SecretSpec;

/** A Secret must carry bytes (Kuma's secret_validator.go); what they mean is checked where they are used. */
final class SecretValidator {
  private SecretValidator() {}

  static void validate(SecretSpec spec, FieldPath root, Violations v) {
    if (spec.data() == null || spec.data().length == 0) v.add(root.field("data"), "cannot be empty");
  }
}
