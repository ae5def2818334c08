package dev.atrium.metrics.rest;

import dev.atrium.metrics.model.HttpServiceDiscovery;
import dev.atrium.metrics.reconcile.MeshUpdater;
import dev.atrium.metrics.wiring.ControlPlaneTargets;
import dev.atrium.metrics.wiring.MetricsEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /prometheus/sd}: every proxy's Envoy stats endpoint as Prometheus's HTTP service discovery
 * wants it (see {@link HttpServiceDiscovery}), then the control plane's own services when configured
 * ({@link ControlPlaneTargets}); {@code ?mesh=NAME} narrows it to one mesh's proxies. Until the
 * store's whole state is loaded the answer is 503, not an empty list: Prometheus keeps its last good
 * targets when a refresh fails, but would drop them all on an empty one.
 *
 * <p>In Prometheus: {@code http_sd_configs: [{url: "http://<host>:5680/prometheus/sd"}]}.
 */
@Path("/prometheus/sd")
public class ServiceDiscoveryEndpoint {
  private final MetricsEngine engine;
  private final ControlPlaneTargets controlPlane;

  public ServiceDiscoveryEndpoint(MetricsEngine engine, ControlPlaneTargets controlPlane) {
    this.engine = engine;
    this.controlPlane = controlPlane;
  }

  @GET
  public Response targets(@QueryParam("mesh") String mesh) {
    MeshUpdater updater = engine.updater();
    if (!updater.ready()) {
      return Response.status(503).type(MediaType.TEXT_PLAIN)
          .entity("the metrics service is still loading resources from the store; retry\n").build();
    }
    MeshUpdater.Published published = updater.published();
    String body;
    if (mesh != null && !mesh.isEmpty()) {
      body = HttpServiceDiscovery.json(published.targets().stream().filter(t -> t.mesh().equals(mesh)).toList());
    } else if (controlPlane.all().isEmpty()) {
      body = published.document();
    } else {
      body = HttpServiceDiscovery.json(published.targets(), controlPlane.all());
    }
    return Response.ok(body, MediaType.APPLICATION_JSON).build();
  }
}
