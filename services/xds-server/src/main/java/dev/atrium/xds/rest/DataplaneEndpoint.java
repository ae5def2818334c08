package dev.atrium.xds.rest;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Deregistration by the data-plane agent on clean shutdown (an Atrium addition: Kuma deletes a
 * universal Dataplane some time after its ADS stream closes; doing it at once means other proxies
 * stop sending it traffic immediately).
 */
@Path("/dataplanes/{mesh}/{name}")
public class DataplaneEndpoint {
  private final StoreGrpc.StoreBlockingStub store;

  public DataplaneEndpoint(@GrpcClient("store") StoreGrpc.StoreBlockingStub store) {
    this.store = store;
  }

  @DELETE
  public Response deregister(@PathParam("mesh") String mesh, @PathParam("name") String name) {
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
