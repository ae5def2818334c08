package dev.atrium.core.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of one resource; validators report all problems, not just the first. */
public final class Violations {
  private final List<Violation> list = new ArrayList<>();

  public Violations add(FieldPath path, String message) {
    list.add(new Violation(path.toString(), message));
    return this;
  }

  public Violations addAll(List<Violation> more) {
    list.addAll(more);
    return this;
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Violation> list() {
    return List.copyOf(list);
  }
}
