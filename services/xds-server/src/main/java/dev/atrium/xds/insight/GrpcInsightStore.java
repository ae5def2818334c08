package dev.atrium.xds.insight;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressInsightSpec;
import dev.atrium.xds.ads.ProxyId;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Insights (DataplaneInsight, ZoneIngressInsight) through the resource-store's Store gRPC API (the only way this service touches storage). */
@Singleton
public class GrpcInsightStore implements InsightStore {
  private final StoreGrpc.StoreBlockingStub store;
  private final long timeoutMillis;

  public GrpcInsightStore(@GrpcClient("store") StoreGrpc.StoreBlockingStub store, InsightConfig config) {
    this.store = store;
    this.timeoutMillis = config.writeTimeout().toMillis();
  }

  @Override
  public Optional<Stored> get(ProxyId proxy) {
    try {
      Resource r = stub().get(GetRequest.newBuilder().setKey(key(proxy)).build());
      ResourceSpec spec = ResourceCodec.decodeSpec(kind(proxy), r.getSpecJson());
      return Optional.of(new Stored(r.getVersion(), spec instanceof ZoneIngressInsightSpec ingress
          ? ingress.asProxyInsight() : (DataplaneInsightSpec) spec));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return Optional.empty();
      throw e;
    }
  }

  @Override
  public long put(ProxyId proxy, DataplaneInsightSpec spec, long expectedVersion) {
    try {
      return stub().put(PutRequest.newBuilder()
          .setKey(key(proxy))
          .setSpecJson(ResourceCodec.encodeSpec(proxy.isIngress() ? ZoneIngressInsightSpec.from(spec) : spec))
          .setHasExpectedVersion(true)
          .setExpectedVersion(expectedVersion)
          .build()).getResource().getVersion();
    } catch (StatusRuntimeException e) {
      switch (e.getStatus().getCode()) {
        case ABORTED -> throw new Conflict(e.getStatus().getDescription());
        case NOT_FOUND -> throw new OwnerMissing(e.getStatus().getDescription());
        default -> throw e;
      }
    }
  }

  private StoreGrpc.StoreBlockingStub stub() {
    return store.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** A ZoneIngress's record is Kuma's ZoneIngressInsight (beside meshes, no mTLS), a Dataplane's its DataplaneInsight. */
  private static ResourceKind kind(ProxyId proxy) {
    return proxy.isIngress() ? ResourceKind.ZONE_INGRESS_INSIGHT : ResourceKind.DATAPLANE_INSIGHT;
  }

  private static ResourceKey key(ProxyId proxy) {
    return ResourceKey.newBuilder().setKind(kind(proxy).typeName())
        .setMesh(proxy.mesh()).setName(proxy.name()).build();
  }
}
