package dev.atrium.core.validation;

import java.util.List;

/** A resource (or document) that cannot be accepted, with every violation found. */
public class InvalidResourceException extends RuntimeException {
  private final List<Violation> violations;

  public InvalidResourceException(List<Violation> violations) {
    super(render(violations));
    this.violations = List.copyOf(violations);
  }

  public InvalidResourceException(String field, String message) {
    this(List.of(new Violation(field, message)));
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String render(List<Violation> violations) {
    StringBuilder sb = new StringBuilder("resource is not valid:");
    for (Violation v : violations) sb.append("\n  ").append(v);
    return sb.toString();
  }
}
