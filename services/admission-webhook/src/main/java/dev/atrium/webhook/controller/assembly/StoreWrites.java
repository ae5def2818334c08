package dev.atrium.webhook.controller.assembly;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.api.store.v1.Violations;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Writes through the Store gRPC API — the resource-store validates and stores; nothing here touches
 * storage. A refused write becomes an exception whose message lists the store's violations.
 */
public final class StoreWrites {
  private static final Metadata.Key<Violations> VIOLATIONS = ProtoUtils.keyForProto(Violations.getDefaultInstance());

  private final StoreGrpc.StoreBlockingStub store;
  private final Duration timeout;

  public StoreWrites(StoreGrpc.StoreBlockingStub store, Duration timeout) {
    this.store = store;
    this.timeout = timeout;
  }

  public void put(Resource r) {
    try {
      stub().put(PutRequest.newBuilder().setKey(key(r.kind(), r.mesh(), r.name())).putAllLabels(r.meta().labels())
          .setSpecJson(ResourceCodec.encodeSpec(r.spec())).build());
    } catch (StatusRuntimeException e) {
      throw new StoreWriteException("the store refused " + r.describe() + ": " + describe(e), e);
    }
  }

  /** Deletes one resource; already gone is fine. */
  public void delete(ResourceKind kind, String mesh, String name) {
    try {
      stub().delete(DeleteRequest.newBuilder().setKey(key(kind, mesh, name)).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return;
      throw new StoreWriteException("the store refused to delete " + kind.typeName() + " " + mesh + "/" + name + ": "
          + describe(e), e);
    }
  }

  private StoreGrpc.StoreBlockingStub stub() {
    return store.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ResourceKey key(ResourceKind kind, String mesh, String name) {
    ResourceKey.Builder k = ResourceKey.newBuilder().setKind(kind.typeName()).setName(name);
    if (mesh != null) k.setMesh(mesh);
    return k.build();
  }

  private static String describe(StatusRuntimeException e) {
    Violations v = e.getTrailers() == null ? null : e.getTrailers().get(VIOLATIONS);
    String base = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription());
    if (v == null || v.getViolationsCount() == 0) return base;
    return base + " [" + v.getViolationsList().stream().map(x -> x.getField() + ": " + x.getMessage())
        .collect(Collectors.joining("; ")) + "]";
  }

  /** A write the store did not accept (or could not be reached for). */
  public static final class StoreWriteException extends RuntimeException {
    StoreWriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
