package dev.atrium.metrics.rest;

import dev.atrium.metrics.model.HttpServiceDiscovery;
import dev.atrium.metrics.reconcile.MeshUpdater;
import dev.atrium.metrics.wiring.MetricsEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /prometheus/sd}: every proxy's Envoy stats endpoint as Prometheus's HTTP service discovery
 * wants it (see {@link HttpServiceDiscovery}); {@code ?mesh=NAME} narrows it to one mesh. Until the
 * store's whole state is loaded the answer is 503, not an empty list: Prometheus keeps its last good
 * targets when a refresh fails, but would drop them all on an empty one.
 *
 * <p>In Prometheus: {@code http_sd_configs: [{url: "http://<host>:5680/prometheus/sd"}]}.
 */
@Path("/prometheus/sd")
public class ServiceDiscoveryEndpoint {
  private final MetricsEngine engine;

  public ServiceDiscoveryEndpoint(MetricsEngine engine) {
    this.engine = engine;
  }

  @GET
  public Response targets(@QueryParam("mesh") String mesh) {
    MeshUpdater updater = engine.updater();
    if (!updater.ready()) {
      return Response.status(503).type(MediaType.TEXT_PLAIN)
          .entity("the metrics service is still loading resources from the store; retry\n").build();
    }
    MeshUpdater.Published published = updater.published();
    String body = mesh == null || mesh.isEmpty() ? published.document()
        : HttpServiceDiscovery.json(published.targets().stream().filter(t -> t.mesh().equals(mesh)).toList());
    return Response.ok(body, MediaType.APPLICATION_JSON).build();
  }
}
