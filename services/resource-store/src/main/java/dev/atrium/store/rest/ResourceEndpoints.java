package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.DocumentParser;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.core.multizone.WriteRules;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.service.ResourceNotFoundException;
import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.Consumes;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kuma 2.14's universal resource API: {@code /meshes/{mesh}/{collection}[/{name}]} for mesh-scoped
 * kinds, {@code /{collection}[/{name}]} for global ones and for listing a kind across meshes. Bodies
 * are JSON or YAML, in universal or Kubernetes form. Methods block, so Quarkus runs them on workers.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ResourceEndpoints {
  private final ResourceService service;
  private final ControlPlaneMode mode;

  public ResourceEndpoints(ResourceService service, StoreConfig config) {
    this.service = service;
    this.mode = config.mode();
  }

  @GET
  @Path("{collection}")
  public Response listAll(@PathParam("collection") String collection, @Context UriInfo uri) {
    ResourceKind kind = kind(collection);
    return list(service.list(kind, null), uri);
  }

  @GET
  @Path("{collection}/{name}")
  public Response getGlobal(@PathParam("collection") String collection, @PathParam("name") String name) {
    ResourceKind kind = globalKind(collection);
    return ok(service.getOrThrow(kind, null, name));
  }

  @PUT
  @Path("{collection}/{name}")
  @Consumes(MediaType.WILDCARD)
  public Response putGlobal(@PathParam("collection") String collection, @PathParam("name") String name, String body) {
    return put(globalKind(collection), null, name, body);
  }

  @DELETE
  @Path("{collection}/{name}")
  public Response deleteGlobal(@PathParam("collection") String collection, @PathParam("name") String name) {
    ResourceKind kind = globalKind(collection);
    if (ReadOnlyKinds.contains(kind)) return ReadOnlyKinds.refuse(kind);
    Optional<Response> refused = otherSidesKind(kind);
    if (refused.isPresent()) return refused.get();
    service.delete(kind, null, name, StoreBackend.ANY_VERSION);
    return Response.ok("{}").build();
  }

  @GET
  @Path("meshes/{mesh}/{collection}")
  public Response listInMesh(@PathParam("mesh") String mesh, @PathParam("collection") String collection,
      @Context UriInfo uri) {
    return list(service.list(meshKind(collection), mesh), uri);
  }

  @GET
  @Path("meshes/{mesh}/{collection}/{name}")
  public Response get(@PathParam("mesh") String mesh, @PathParam("collection") String collection,
      @PathParam("name") String name) {
    return ok(service.getOrThrow(meshKind(collection), mesh, name));
  }

  @PUT
  @Path("meshes/{mesh}/{collection}/{name}")
  @Consumes(MediaType.WILDCARD)
  public Response put(@PathParam("mesh") String mesh, @PathParam("collection") String collection,
      @PathParam("name") String name, String body) {
    return put(meshKind(collection), mesh, name, body);
  }

  @DELETE
  @Path("meshes/{mesh}/{collection}/{name}")
  public Response delete(@PathParam("mesh") String mesh, @PathParam("collection") String collection,
      @PathParam("name") String name) {
    ResourceKind kind = meshKind(collection);
    if (ReadOnlyKinds.contains(kind)) return ReadOnlyKinds.refuse(kind);
    Optional<Response> refused = otherSidesKind(kind);
    if (refused.isPresent()) return refused.get();
    service.delete(kind, mesh, name, StoreBackend.ANY_VERSION);
    return Response.ok("{}").build();
  }

  private Response put(ResourceKind kind, String mesh, String name, String body) {
    if (ReadOnlyKinds.contains(kind)) return ReadOnlyKinds.refuse(kind);
    Optional<Response> refused = otherSidesKind(kind);
    if (refused.isPresent()) return refused.get();
    JsonNode tree = DocumentParser.parseOne(body == null ? "" : body);
    // A universal body may leave out its mesh: the URL says which one it is.
    if (kind.isMeshScoped() && tree instanceof ObjectNode o && o.has("type") && !o.hasNonNull("mesh")) {
      o.put("mesh", mesh);
    }
    Resource r = ResourceCodec.decode(tree);
    List<Violation> mismatches = new ArrayList<>();
    if (r.kind() != kind) mismatches.add(new Violation("type", "type from the URL has to be the same as in body"));
    if (!name.equals(r.name())) mismatches.add(new Violation("name", "name from the URL has to be the same as in body"));
    if (kind.isMeshScoped() && !mesh.equals(r.mesh())) {
      mismatches.add(new Violation("mesh", "mesh from the URL has to be the same as in body"));
    }
    mismatches.addAll(WriteRules.originViolations(mode, kind, r.meta().labels()));
    if (!mismatches.isEmpty()) throw new InvalidResourceException(mismatches);
    boolean created = service.put(r, StoreBackend.ANY_VERSION).created();
    return Response.status(created ? 201 : 200).entity("{}").build();
  }

  /** Kuma's 405 for a kind the other side of a multi-zone deployment writes (WriteRules). */
  private Optional<Response> otherSidesKind(ResourceKind kind) {
    return WriteRules.readOnly(mode, kind).map(detail -> Response.fromResponse(
        ErrorBody.of(405, "Method not allowed", detail, List.of())).header(HttpHeaders.ALLOW, "GET").build());
  }

  private Response list(List<Resource> all, UriInfo uri) {
    ListQuery query = ListQuery.parse(uri.getQueryParameters());
    List<Resource> filtered = all.stream().filter(query::matches).toList();
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("total", filtered.size());
    ArrayNode items = body.putArray("items");
    int end = Math.min(filtered.size(), query.offset() + query.size());
    for (int i = query.offset(); i < end; i++) items.add(ResourceEncoder.toUniversal(filtered.get(i)));
    String next = query.nextUrl(uri.getRequestUri(), filtered.size());
    if (next == null) body.putNull("next"); else body.put("next", next);
    return Response.ok(body.toString()).build();
  }

  private static Response ok(Resource r) {
    return Response.ok(ResourceCodec.toJson(r)).build();
  }

  private static ResourceKind kind(String collection) {
    return ResourceKind.byCollection(collection).orElseThrow(() -> new ResourceNotFoundException(
        "unknown resource collection \"" + collection + "\"", false));
  }

  private static ResourceKind globalKind(String collection) {
    ResourceKind kind = kind(collection);
    if (kind.isMeshScoped()) {
      throw new ResourceNotFoundException(kind.typeName() + " is mesh-scoped: use /meshes/{mesh}/" + collection, false);
    }
    return kind;
  }

  private static ResourceKind meshKind(String collection) {
    ResourceKind kind = kind(collection);
    if (!kind.isMeshScoped()) {
      throw new ResourceNotFoundException(kind.typeName() + " is not inside a mesh: use /" + collection, false);
    }
    return kind;
  }
}
