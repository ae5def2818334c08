package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kuma's {@code GET /meshes/{mesh}/dataplanes/_overview} (list, with the usual paging, name and label
 * filters plus {@code gateway=} and {@code tag=}) and {@code .../dataplanes/{name}/_overview}.
 *
 * <p>Rooted at "/" like {@link ResourceEndpoints} so that both classes form one routing table: the
 * literal {@code dataplanes/_overview} outranks the template {@code {collection}/{name}} (more literal
 * characters), and {@code {name}/_overview} has one segment more than any resource path, so neither
 * shadows the other. A separate class root such as "/meshes/{mesh}/dataplanes" would, under JAX-RS's
 * class-first matching, capture every Dataplane path and hide ResourceEndpoints' own.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class OverviewEndpoints {
  private final ResourceService service;

  public OverviewEndpoints(ResourceService service) {
    this.service = service;
  }

  @GET
  @Path("meshes/{mesh}/dataplanes/_overview")
  public Response list(@PathParam("mesh") String mesh, @Context UriInfo uri) {
    ListQuery query = ListQuery.parse(uri.getQueryParameters());
    DataplaneFilter filter = DataplaneFilter.parse(uri.getQueryParameters());
    List<Resource> dataplanes = service.list(ResourceKind.DATAPLANE, mesh).stream()
        .filter(query::matches).filter(filter::matches).toList();
    Map<String, Resource> insights = service.list(ResourceKind.DATAPLANE_INSIGHT, mesh).stream()
        .collect(Collectors.toMap(Resource::name, Function.identity()));

    ObjectNode body = query.page(dataplanes, uri.getRequestUri(),
        dp -> DataplaneOverview.render(dp, insights.get(dp.name()), false));
    return Response.ok(body.toString()).build();
  }

  @GET
  @Path("meshes/{mesh}/dataplanes/{name}/_overview")
  public Response get(@PathParam("mesh") String mesh, @PathParam("name") String name) {
    Resource dp = service.getOrThrow(ResourceKind.DATAPLANE, mesh, name);
    Resource insight = service.get(ResourceKind.DATAPLANE_INSIGHT, mesh, name).orElse(null);
    return Response.ok(DataplaneOverview.render(dp, insight, true).toString()).build();
  }
}
