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
  private static final String KINDS = "{collection: zones|zoneingresses}";

  private final ResourceService service;

  public ZoneEndpoints(ResourceService service) {
    this.service = service;
  }

  @GET
  @Path(KINDS + "/_overview")
  public Response list(@PathParam("collection") String collection, @Context UriInfo uri) {
    return overviews(collection).list(service, uri);
  }

  @GET
  @Path(KINDS + "+insights")
  public Response listLegacy(@PathParam("collection") String collection, @Context UriInfo uri) {
    return list(collection, uri);
  }

  @GET
  @Path(KINDS + "/{name}/_overview")
  public Response get(@PathParam("collection") String collection, @PathParam("name") String name) {
    return overviews(collection).get(service, name);
  }

  @GET
  @Path(KINDS + "+insights/{name}")
  public Response getLegacy(@PathParam("collection") String collection, @PathParam("name") String name) {
    return get(collection, name);
  }

  private static GlobalOverviews overviews(String collection) {
    return collection.equals("zones") ? GlobalOverviews.ZONES : GlobalOverviews.ZONE_INGRESSES;
  }
}
