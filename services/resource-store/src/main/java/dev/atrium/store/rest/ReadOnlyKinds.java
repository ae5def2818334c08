package dev.atrium.store.rest;

import dev.atrium.core.model.ResourceKind;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;

/**
 * Kinds the REST API serves but users may not write, as in Kuma: DataplaneInsight and ZoneIngressInsight are
 * the xds-server's record of a proxy, ZoneInsight the control planes' record of a zone (both written through the Store
 * gRPC API), so PUT and DELETE answer 405.
 */
final class ReadOnlyKinds {
  private ReadOnlyKinds() {}

  private static final Set<ResourceKind> READ_ONLY = Set.of(ResourceKind.DATAPLANE_INSIGHT,
      ResourceKind.ZONE_INGRESS_INSIGHT, ResourceKind.ZONE_INSIGHT);

  static boolean contains(ResourceKind kind) {
    return READ_ONLY.contains(kind);
  }

  /** Kuma's 405 body, with an Allow header naming what does work. */
  static Response refuse(ResourceKind kind) {
    Response error = ErrorBody.of(405, "Method not Allowed",
        kind.typeName() + " is read-only: the control plane writes it", List.of());
    return Response.fromResponse(error).header(HttpHeaders.ALLOW, "GET").build();
  }
}
