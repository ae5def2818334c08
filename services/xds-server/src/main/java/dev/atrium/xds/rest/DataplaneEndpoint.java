package dev.atrium.xds.rest;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.xds.auth.AuthenticationException;
import dev.atrium.xds.auth.AuthorizationMetadata;
import dev.atrium.xds.auth.NoAuthentication;
import dev.atrium.xds.wiring.XdsEngine;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Deregistration by the data-plane agent on clean shutdown (an Atrium addition: Kuma deletes a
 * universal Dataplane some time after its ADS stream closes; doing it at once means other proxies
 * stop sending it traffic immediately). The agent proves it is that proxy with the same token its
 * Envoy presents ({@code Authorization}), unless proxy authentication is off.
 */
@Path("/dataplanes/{mesh}/{name}")
public class DataplaneEndpoint {
  private final StoreGrpc.StoreBlockingStub store;
  private final XdsEngine engine;

  public DataplaneEndpoint(@GrpcClient("store") StoreGrpc.StoreBlockingStub store, XdsEngine engine) {
    this.store = store;
    this.engine = engine;
  }

  @DELETE
  public Response deregister(@PathParam("mesh") String mesh, @PathParam("name") String name,
      @HeaderParam("authorization") String authorization) {
    if (!(engine.authenticator() instanceof NoAuthentication)) {
      Optional<Resource> dp = engine.follower().index().get(ResourceKind.DATAPLANE, mesh, name);
      if (dp.isEmpty()) return BootstrapEndpoint.text(404, "Dataplane \"" + name + "\" not found in mesh \"" + mesh + "\"");
      if (authorization == null || authorization.isBlank()) {
        return BootstrapEndpoint.text(401, "authentication failed: deregistering a Dataplane needs its dataplane token");
      }
      try {
        engine.authenticator().authenticate(AuthorizationMetadata.withoutBearer(authorization), dp.get());
      } catch (AuthenticationException e) {
        return BootstrapEndpoint.text(401, "authentication failed: " + e.getMessage());
      }
    }
    try {
      store.delete(DeleteRequest.newBuilder()
          .setKey(ResourceKey.newBuilder().setKind("Dataplane").setMesh(mesh).setName(name)).build());
      return Response.ok("{}").build();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return BootstrapEndpoint.text(404, e.getStatus().getDescription());
      throw e;
    }
  }
}
