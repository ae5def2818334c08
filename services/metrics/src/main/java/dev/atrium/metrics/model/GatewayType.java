package dev.atrium.metrics.model;

import dev.atrium.core.model.dataplane.DataplaneSpec;

/** What kind of proxy a Dataplane is, as the {@code gateway_type} label says it. */
public enum GatewayType {
  BUILTIN("builtin"),
  DELEGATED("delegated"),
  /** A sidecar: no gateway at all. */
  NONE("none");

  private final String label;

  GatewayType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static GatewayType of(DataplaneSpec spec) {
    if (!spec.isGateway()) return NONE;
    return spec.networking().gateway().effectiveType() == DataplaneSpec.GatewayType.BUILTIN ? BUILTIN : DELEGATED;
  }
}
