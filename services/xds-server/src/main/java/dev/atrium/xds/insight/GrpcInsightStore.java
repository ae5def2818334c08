package dev.atrium.xds.insight;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.xds.ads.ProxyId;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Insights through the resource-store's Store gRPC API (the only way this service touches storage). */
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
      return Optional.of(new Stored(r.getVersion(),
          (DataplaneInsightSpec) ResourceCodec.decodeSpec(ResourceKind.DATAPLANE_INSIGHT, r.getSpecJson())));
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
          .setSpecJson(ResourceCodec.encodeSpec(spec))
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

  private static ResourceKey key(ProxyId proxy) {
    return ResourceKey.newBuilder().setKind(ResourceKind.DATAPLANE_INSIGHT.typeName())
        .setMesh(proxy.mesh()).setName(proxy.name()).build();
  }
}
