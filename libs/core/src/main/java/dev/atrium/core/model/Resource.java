package dev.atrium.core.model;

import java.util.Objects;

/** A resource: kind, identity and spec. The spec's class always matches {@code kind.specClass()}. */
public record Resource(ResourceKind kind, ResourceMeta meta, ResourceSpec spec) {
  public Resource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(spec, "spec");
    if (!kind.specClass().isInstance(spec)) {
      throw new IllegalArgumentException(kind.typeName() + " needs a " + kind.specClass().getSimpleName()
          + ", got " + spec.getClass().getSimpleName());
    }
  }

  public String name() { return meta.name(); }

  public String mesh() { return meta.mesh(); }

  @SuppressWarnings("unchecked")
  public <S extends ResourceSpec> S specAs(Class<S> type) {
    return (S) type.cast(spec);
  }

  /** "MeshGateway default/edge-gateway" — for log lines and messages. */
  public String describe() {
    return kind.typeName() + " " + (meta.mesh() == null ? "" : meta.mesh() + "/") + meta.name();
  }
}
