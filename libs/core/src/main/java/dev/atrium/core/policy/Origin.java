package dev.atrium.core.policy;

import dev.atrium.core.model.ResourceKind;
import java.util.Objects;

/**
 * Where a piece of a proxy's configuration came from: the resource, and which part of it when it has
 * several ({@code conf.http.rules[1]}, {@code spec.to[0].rules[0]}, {@code spec.from[2]}; empty for
 * the whole resource). Later stages hang policies on IR routes and clusters by it, and inspection
 * says which resource set what.
 */
public record Origin(ResourceKind kind, String name, String section) {
  public Origin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    section = section == null ? "" : section;
  }

  public static Origin of(ResourceKind kind, String name) {
    return new Origin(kind, name, "");
  }

  /** "MeshHTTPRoute/api spec.to[0].rules[1]", for inspect output and messages. */
  public String describe() {
    return kind.typeName() + "/" + name + (section.isEmpty() ? "" : " " + section);
  }
}
