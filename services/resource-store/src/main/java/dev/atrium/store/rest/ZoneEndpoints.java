package dev.atrium.store.rest;

import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Kuma's overviews of the kinds beside meshes that have insights, at Kuma's paths: {@code GET
 * /zones/_overview}, {@code /zones/{name}/_overview} and the older {@code /zones+insights[/{name}]} (what
 * {@code kumactl inspect zones} and the GUI read), each item a ZoneOverview (global closes the
 * subscriptions of zones that went silent); the same for ZoneIngresses ({@code /zoneingresses/_overview},
 * {@code /zoneingresses+insights}, what {@code kumactl inspect zoneingresses} reads), each item a
 * ZoneIngressOverview with the ingress's ZoneIngressInsight (written by its zone's xds-server).
 *
 * <p>Rooted at "/" like {@link ResourceEndpoints}, for the reason {@link OverviewEndpoints} gives: the
 * literal paths outrank its {@code {collection}/{name}} templates.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ZoneEndpoints {
  private final ResourceService service;

  public ZoneEndpoints(ResourceService service) {
    this.service = service;
  }

  @GET
  @Path("zones/_overview")
  public Response list(@Context UriInfo uri) {
    return GlobalOverviews.ZONES.list(service, uri);
  }

  @GET
  @Path("zones+insights")
  public Response listLegacy(@Context UriInfo uri) {
    return list(uri);
  }

  @GET
  @Path("zones/{name}/_overview")
  public Response get(@PathParam("name") String name) {
    return GlobalOverviews.ZONES.get(service, name);
  }

  @GET
  @Path("zones+insights/{name}")
  public Response getLegacy(@PathParam("name") String name) {
    return get(name);
  }

  @GET
  @Path("zoneingresses/_overview")
  public Response listIngresses(@Context UriInfo uri) {
    return GlobalOverviews.ZONE_INGRESSES.list(service, uri);
  }

  @GET
  @Path("zoneingresses+insights")
  public Response listIngressesLegacy(@Context UriInfo uri) {
    return listIngresses(uri);
  }

  @GET
  @Path("zoneingresses/{name}/_overview")
  public Response getIngress(@PathParam("name") String name) {
    return GlobalOverviews.ZONE_INGRESSES.get(service, name);
  }

  @GET
  @Path("zoneingresses+insights/{name}")
  public Response getIngressLegacy(@PathParam("name") String name) {
    return getIngress(name);
  }
}
