package dev.atrium.core.multizone;

import dev.atrium.core.model.ResourceKind;

/**
 * Which side of a multi-zone deployment provides each kind — Kuma 2.14's KDS flags. Global provides the
 * meshes, the legacy policies, MeshGatewayRoute and global secrets; zones provide their proxies and
 * what describes them; both provide MeshGateway, the targetRef policies (MeshTimeout …, MeshHTTPRoute,
 * MeshTCPRoute) and mesh secrets. The switch has no default: a new kind must say where it belongs.
 */
public enum KindOwnership {
  GLOBAL, ZONE, BOTH;

  public static KindOwnership of(ResourceKind kind) {
    return switch (kind) {
      case MESH, MESH_GATEWAY_ROUTE, GLOBAL_SECRET, TRAFFIC_PERMISSION, TIMEOUT, RETRY, CIRCUIT_BREAKER, RATE_LIMIT,
          FAULT_INJECTION, PROXY_TEMPLATE, HEALTH_CHECK, TRAFFIC_LOG, EXTERNAL_SERVICE -> GLOBAL;
      // MeshGatewayInstance is never synced; Kuma refuses it on global (the zone runs the Deployment).
      // A ZoneIngress also goes on from global to every other zone (GlobalCopies.sentTo).
      // A ZoneIngressInsight goes to global only (Kuma's ZoneToGlobalFlag): other zones need where an ingress is,
      // not how its connection fares.
      case DATAPLANE, DATAPLANE_INSIGHT, MESH_GATEWAY_INSTANCE, ZONE_INGRESS, ZONE_INGRESS_INSIGHT -> ZONE;
      case MESH_GATEWAY, MESH_HTTP_ROUTE, MESH_TCP_ROUTE, SECRET, MESH_TRAFFIC_PERMISSION, MESH_TIMEOUT,
          MESH_CIRCUIT_BREAKER, MESH_FAULT_INJECTION, MESH_RATE_LIMIT, MESH_RETRY, MESH_PROXY_PATCH,
          MESH_LOAD_BALANCING_STRATEGY, MESH_HEALTH_CHECK, MESH_ACCESS_LOG -> BOTH;
      // Zones are global's record of its zones: users create and delete Zones on global; a zone writes
      // its own Zone and ZoneInsight there through the Store API, never through a user's REST call, and
      // neither is sent to zones (GlobalCopies leaves them out).
      case ZONE, ZONE_INSIGHT -> GLOBAL;
    };
  }

  public boolean providedByGlobal() {
    return this != ZONE;
  }

  public boolean providedByZone() {
    return this != GLOBAL;
  }
}
