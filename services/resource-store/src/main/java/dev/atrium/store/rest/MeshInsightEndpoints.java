package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kuma's {@code GET /mesh-insights} (paged like every list; {@code kumactl inspect meshes}, the GUI) and
 * {@code GET /mesh-insights/{mesh}}: one {@link MeshInsight} per Mesh, computed from the store on
 * request. Read-only, as in Kuma. Rooted at "/" like {@link ResourceEndpoints}, whose template
 * {@code {collection}} the literal {@code mesh-insights} outranks.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class MeshInsightEndpoints {
  /**
   * Mesh-scoped kinds counted under "resources": every one Kuma's registry has but the insights.
   * MeshGatewayInstance is a Kubernetes-only object in Kuma, not a resource its resyncer counts.
   */
  private static final List<ResourceKind> COUNTED = java.util.Arrays.stream(ResourceKind.values())
      .filter(k -> k.isMeshScoped() && k != ResourceKind.DATAPLANE_INSIGHT && k != ResourceKind.MESH_GATEWAY_INSTANCE)
      .toList();

  private final ResourceService service;

  public MeshInsightEndpoints(ResourceService service) {
    this.service = service;
  }

  @GET
  @Path("mesh-insights")
  public Response list(@Context UriInfo uri) {
    ListQuery query = ListQuery.parse(uri.getQueryParameters());
    List<Resource> meshes = service.list(ResourceKind.MESH, null).stream().filter(query::matches).toList();
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("total", meshes.size());
    ArrayNode items = body.putArray("items");
    int end = Math.min(meshes.size(), query.offset() + query.size());
    for (int i = query.offset(); i < end; i++) items.add(insightOf(meshes.get(i)));
    String next = query.nextUrl(uri.getRequestUri(), meshes.size());
    if (next == null) body.putNull("next"); else body.put("next", next);
    return Response.ok(body.toString()).build();
  }

  @GET
  @Path("mesh-insights/{name}")
  public Response get(@PathParam("name") String name) {
    return Response.ok(insightOf(service.getOrThrow(ResourceKind.MESH, null, name)).toString()).build();
  }

  @PUT
  @Path("mesh-insights/{name}")
  public Response put(@PathParam("name") String name) {
    return readOnly();
  }

  @DELETE
  @Path("mesh-insights/{name}")
  public Response delete(@PathParam("name") String name) {
    return readOnly();
  }

  private ObjectNode insightOf(Resource mesh) {
    Map<ResourceKind, List<Resource>> byKind = new EnumMap<>(ResourceKind.class);
    for (ResourceKind kind : COUNTED) byKind.put(kind, service.list(kind, mesh.name()));
    Map<String, Resource> insights = service.list(ResourceKind.DATAPLANE_INSIGHT, mesh.name()).stream()
        .collect(Collectors.toMap(Resource::name, Function.identity()));
    Map<ResourceKind, Integer> counts = new EnumMap<>(ResourceKind.class);
    byKind.forEach((kind, list) -> counts.put(kind, list.size()));
    return MeshInsight.render(mesh, byKind.get(ResourceKind.DATAPLANE), insights, counts);
  }

  private static Response readOnly() {
    Response error = ErrorBody.of(405, "Method not Allowed",
        "MeshInsight is read-only: the control plane computes it", List.of());
    return Response.fromResponse(error).header(HttpHeaders.ALLOW, "GET").build();
  }
}
