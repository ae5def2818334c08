package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.status.GatewayStatus;
import dev.atrium.core.status.GatewayStatus.AttachedRoute;
import dev.atrium.core.status.GatewayStatus.BackendStatus;
import dev.atrium.core.status.GatewayStatus.ListenerStatus;
import dev.atrium.core.status.GatewayStatusReport;
import dev.atrium.store.service.ResourceNotFoundException;
import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The inspect paths kumactl 2.14 calls, for the kinds Atrium has:
 * <ul>
 *   <li>{@code GET /meshes/{mesh}/service-insights[/{service}]} ({@code kumactl inspect services});
 *   <li>{@code GET /meshes/{mesh}/meshgateways/{name}/dataplanes} ({@code kumactl inspect meshgateway}):
 *       the BUILTIN Dataplanes the gateway configures;
 *   <li>{@code GET /meshes/{mesh}/dataplanes/{name}/policies} ({@code kumactl inspect dataplane}): a
 *       builtin gateway's listeners, hosts, routes and destinations (from the same
 *       {@link GatewayStatusReport} {@code atriumctl inspect meshgateway} prints); a sidecar has no
 *       entries, because Atrium has none of the legacy policies this view lists;
 *   <li>{@code GET /meshes/{mesh}/{meshhttproutes|meshtcproutes}/{name}/dataplanes}
 *       ({@code kumactl inspect meshhttproute}): Kuma lists only legacy policies' attachments here, so a
 *       targetRef route has none, there as here.
 * </ul>
 * Rooted at "/" like {@link ResourceEndpoints}: each path here has more literal characters (or one
 * segment more) than its resource paths, so neither shadows the other.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class InspectEndpoints {
  private final ResourceService service;

  public InspectEndpoints(ResourceService service) {
    this.service = service;
  }

  @GET
  @Path("meshes/{mesh}/service-insights")
  public Response services(@PathParam("mesh") String mesh, @Context UriInfo uri) {
    ListQuery query = ListQuery.parse(uri.getQueryParameters());
    List<ObjectNode> all = serviceInsights(mesh).entrySet().stream()
        .filter(e -> query.matchesName(e.getKey())).map(Map.Entry::getValue).toList();
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("total", all.size());
    ArrayNode items = body.putArray("items");
    int end = Math.min(all.size(), query.offset() + query.size());
    for (int i = query.offset(); i < end; i++) items.add(all.get(i));
    String next = query.nextUrl(uri.getRequestUri(), all.size());
    if (next == null) body.putNull("next"); else body.put("next", next);
    return Response.ok(body.toString()).build();
  }

  @GET
  @Path("meshes/{mesh}/service-insights/{service}")
  public Response service(@PathParam("mesh") String mesh, @PathParam("service") String name) {
    ObjectNode found = serviceInsights(mesh).get(name);
    if (found == null) {
      throw new ResourceNotFoundException("service \"" + name + "\" not found in mesh \"" + mesh + "\"", false);
    }
    return Response.ok(found.toString()).build();
  }

  @GET
  @Path("meshes/{mesh}/meshgateways/{name}/dataplanes")
  public Response gatewayDataplanes(@PathParam("mesh") String mesh, @PathParam("name") String name) {
    service.getOrThrow(ResourceKind.MESH_GATEWAY, mesh, name);
    GatewayStatus status = GatewayStatusReport.of(snapshot(mesh), name).orElseThrow();
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("total", status.dataplanes().size());
    ArrayNode items = body.putArray("items");
    status.dataplanes().forEach(dp -> items.addObject().putObject("dataplane").put("mesh", mesh).put("name", dp));
    return Response.ok(body.toString()).build();
  }

  @GET
  @Path("meshes/{mesh}/dataplanes/{name}/policies")
  public Response dataplanePolicies(@PathParam("mesh") String mesh, @PathParam("name") String name) {
    Resource dataplane = service.getOrThrow(ResourceKind.DATAPLANE, mesh, name);
    ObjectNode body = Mappers.JSON.createObjectNode();
    Optional<GatewayStatus> gateway = dataplane.specAs(DataplaneSpec.class).isBuiltinGateway()
        ? gatewayOf(snapshot(mesh), name) : Optional.empty();
    if (gateway.isEmpty()) {
      body.put("kind", "SidecarDataplane");
      body.put("total", 0);
      body.putArray("items");
      return Response.ok(body.toString()).build();
    }
    body.put("kind", "MeshGatewayDataplane");
    body.putObject("gateway").put("mesh", mesh).put("name", gateway.get().gateway());
    ArrayNode listeners = body.putArray("listeners");
    for (ListenerStatus l : gateway.get().listeners()) {
      if (!l.served()) continue;
      ObjectNode listener = listeners.addObject();
      listener.put("port", l.port());
      listener.put("protocol", l.protocol());
      ArrayNode routes = listener.putArray("hosts").addObject().put("hostName", l.hostname()).putArray("routes");
      for (AttachedRoute r : l.routes()) {
        ArrayNode destinations = routes.addObject().put("route", r.name()).putArray("destinations");
        for (BackendStatus b : r.backends()) {
          ObjectNode d = destinations.addObject();
          d.putObject("tags").put("kuma.io/service", b.service());
          d.putObject("policies");
        }
      }
    }
    return Response.ok(body.toString()).build();
  }

  @GET
  @Path("meshes/{mesh}/meshhttproutes/{name}/dataplanes")
  public Response httpRouteDataplanes(@PathParam("mesh") String mesh, @PathParam("name") String name) {
    return noLegacyAttachments(ResourceKind.MESH_HTTP_ROUTE, mesh, name);
  }

  @GET
  @Path("meshes/{mesh}/meshtcproutes/{name}/dataplanes")
  public Response tcpRouteDataplanes(@PathParam("mesh") String mesh, @PathParam("name") String name) {
    return noLegacyAttachments(ResourceKind.MESH_TCP_ROUTE, mesh, name);
  }

  private Response noLegacyAttachments(ResourceKind kind, String mesh, String name) {
    service.getOrThrow(kind, mesh, name);
    return Response.ok("{\"total\":0,\"items\":[]}").build();
  }

  private Map<String, ObjectNode> serviceInsights(String mesh) {
    List<Resource> dataplanes = service.list(ResourceKind.DATAPLANE, mesh);
    Map<String, Resource> insights = service.list(ResourceKind.DATAPLANE_INSIGHT, mesh).stream()
        .collect(Collectors.toMap(Resource::name, Function.identity()));
    return ServiceInsight.of(mesh, dataplanes, insights);
  }

  /** The MeshGateway that configures the builtin gateway Dataplane {@code name}, as the translator picks it. */
  private static Optional<GatewayStatus> gatewayOf(MeshSnapshot snapshot, String name) {
    for (Resource gateway : snapshot.all(ResourceKind.MESH_GATEWAY)) {
      Optional<GatewayStatus> status = GatewayStatusReport.of(snapshot, gateway.name());
      if (status.isPresent() && status.get().dataplanes().contains(name)) return status;
    }
    return Optional.empty();
  }

  private MeshSnapshot snapshot(String mesh) {
    Resource meshResource = service.getOrThrow(ResourceKind.MESH, null, mesh);
    List<Resource> resources = new ArrayList<>();
    for (ResourceKind kind : List.of(ResourceKind.DATAPLANE, ResourceKind.MESH_GATEWAY,
        ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE,
        ResourceKind.SECRET)) {
      resources.addAll(service.list(kind, mesh));
    }
    return MeshSnapshot.of(meshResource, resources);
  }
}
