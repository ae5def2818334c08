package dev.atrium.core.validation;

/**
 * An immutable field path, rendered like Kuma's validators: dotted fields, {@code [i]} for list
 * indexes and {@code ["key"]} for map keys.
 */
public final class FieldPath {
  private static final FieldPath ROOT = new FieldPath("");
  private final String rendered;

  private FieldPath(String rendered) {
    this.rendered = rendered;
  }

  public static FieldPath root() {
    return ROOT;
  }

  /** A root path with a prefix ("spec" for Kuma's newer kinds, "" for the older ones). */
  public static FieldPath of(String prefix) {
    return prefix == null || prefix.isEmpty() ? ROOT : new FieldPath(prefix);
  }

  public FieldPath field(String name) {
    return new FieldPath(rendered.isEmpty() ? name : rendered + "." + name);
  }

  public FieldPath index(int i) {
    return new FieldPath(rendered + "[" + i + "]");
  }

  public FieldPath key(String key) {
    return new FieldPath(rendered + "[\"" + key + "\"]");
  }

  @Override
  public String toString() {
    return rendered;
  }
}
