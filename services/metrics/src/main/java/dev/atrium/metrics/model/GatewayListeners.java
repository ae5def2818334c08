package dev.atrium.metrics.model;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.status.GatewayStatus;
import dev.atrium.core.status.GatewayStatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes attached to each listener of each builtin gateway in a mesh, from libs/core's
 * {@link GatewayStatusReport} (the translator's own decisions, so the count is what Envoy gets).
 * Dearer than {@link ProxyReport}: recomputed only when a Dataplane, gateway, route or the Mesh
 * changes, never for a DataplaneInsight. Listeners that share port, protocol and hostname (a conflict
 * the report shows) are added up into one row.
 */
public final class GatewayListeners {
  private GatewayListeners() {}

  public static List<ListenerRoutes> of(MeshSnapshot snapshot) {
    List<ListenerRoutes> out = new ArrayList<>();
    for (Resource gateway : snapshot.all(ResourceKind.MESH_GATEWAY)) {
      GatewayStatus status = GatewayStatusReport.of(snapshot, gateway.name()).orElse(null);
      if (status == null) continue;
      Map<String, ListenerRoutes> rows = new TreeMap<>();
      for (GatewayStatus.ListenerStatus l : status.listeners()) {
        int port = l.port() == null ? 0 : l.port();
        String protocol = l.protocol() == null ? "" : l.protocol();
        String hostname = l.hostname() == null ? "*" : l.hostname();
        rows.merge(port + "/" + protocol + "/" + hostname,
            new ListenerRoutes(snapshot.name(), gateway.name(), port, protocol, hostname, l.routes().size()),
            (a, b) -> new ListenerRoutes(a.mesh(), a.gateway(), a.port(), a.protocol(), a.hostname(), a.routes() + b.routes()));
      }
      out.addAll(rows.values());
    }
    return out;
  }
}
