package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.policy.inspect.PolicyRules;
import dev.atrium.core.policy.inspect.ProxyPolicyEffects;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Kuma's {@code GET /meshes/{mesh}/dataplanes/{name}/_rules} and {@code /meshgateways/{name}/_rules}:
 * per connection policy kind, what applies to the proxy and from which policies
 * ({@link PolicyRules}, the policy pass's own matching). A Dataplane's answer also lists, per listener,
 * route and cluster of its translated configuration, which policy entry set each field — what
 * {@code atriumctl inspect dataplane NAME} prints. Rooted at "/" like {@link InspectEndpoints}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RulesEndpoints {
  private final ResourceService service;

  public RulesEndpoints(ResourceService service) {
    this.service = service;
  }

  @GET
  @Path("meshes/{mesh}/dataplanes/{name}/_rules")
  public Response dataplane(@PathParam("mesh") String mesh, @PathParam("name") String name) {
    MeshSnapshot snapshot = snapshot(mesh);
    Resource dataplane = service.getOrThrow(ResourceKind.DATAPLANE, mesh, name);
    ObjectNode body = RulesJson.body(snapshot, dataplane, PolicyRules.forDataplane(snapshot, dataplane));
    RulesJson.effects(body, ProxyPolicyEffects.of(ProxyTranslator.translate(snapshot, name)));
    return Response.ok(body.toString()).build();
  }

  @GET
  @Path("meshes/{mesh}/meshgateways/{name}/_rules")
  public Response gateway(@PathParam("mesh") String mesh, @PathParam("name") String name) {
    MeshSnapshot snapshot = snapshot(mesh);
    Resource gateway = service.getOrThrow(ResourceKind.MESH_GATEWAY, mesh, name);
    return Response.ok(RulesJson.body(snapshot, gateway, PolicyRules.forGateway(snapshot, gateway)).toString()).build();
  }

  /** Every resource of the mesh that matching or translation reads (all mesh-scoped kinds but the insights). */
  private MeshSnapshot snapshot(String mesh) {
    Resource meshResource = service.getOrThrow(ResourceKind.MESH, null, mesh);
    List<Resource> resources = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      if (kind.isMeshScoped() && !ReadOnlyKinds.contains(kind)) resources.addAll(service.list(kind, mesh));
    }
    return MeshSnapshot.of(meshResource, resources);
  }
}
