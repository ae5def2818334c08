package dev.atrium.core.ir;

/** What kind of proxy a Dataplane describes, which decides how its configuration is built. */
public enum ProxyKind {
  /** An application's sidecar: inbound listeners in front of the app, outbound listeners to the mesh. */
  SIDECAR,
  /** The sidecar of an existing API gateway: outbound listeners only, the gateway takes incoming traffic. */
  DELEGATED_GATEWAY,
  /** Envoy is the gateway, configured by MeshGateway and its routes. */
  BUILTIN_GATEWAY,
  /**
   * A zone's entrance for other zones (a ZoneIngress, beside meshes): passes their mesh TLS through to
   * this zone's services by SNI.
   */
  ZONE_INGRESS
}
