package dev.atrium.xds.lifecycle;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.insight.InsightStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** {@link AgentDataplaneDeregistration}'s view of the store: the Store gRPC API and the proxies' insights. */
public final class StoreDataplanes implements AgentDataplaneDeregistration.Dataplanes {
  private final StoreGrpc.StoreBlockingStub store;
  private final InsightStore insights;
  private final String instanceId;

  public StoreDataplanes(StoreGrpc.StoreBlockingStub store, InsightStore insights, String instanceId) {
    this.store = store;
    this.insights = insights;
    this.instanceId = instanceId;
  }

  @Override
  public boolean delete(ProxyId id) {
    try {
      store.delete(DeleteRequest.newBuilder().setKey(ResourceKey.newBuilder()
          .setKind(ResourceKind.DATAPLANE.typeName()).setMesh(id.mesh()).setName(id.name())).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return false;
      throw e;
    }
  }

  @Override
  public boolean connectedElsewhere(ProxyId id) {
    return insights.get(id).map(stored -> stored.spec().subscriptions().stream()
        .anyMatch(s -> s.connected() && !instanceId.equals(s.controlPlaneInstanceId()))).orElse(false);
  }
}
