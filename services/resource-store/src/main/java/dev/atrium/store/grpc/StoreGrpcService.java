package dev.atrium.store.grpc;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.DeleteResponse;
import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.ListRequest;
import dev.atrium.api.store.v1.ListResponse;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.PutResponse;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.grpc.auth.CallerToken;
import dev.atrium.store.grpc.auth.ZoneCallers;
import dev.atrium.store.metrics.WatchMeters;
import dev.atrium.store.service.ResourceService;
import dev.atrium.store.watch.WatchHub;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.HashSet;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Store gRPC API for the other Atrium services. Writes go through the same ResourceService as
 * REST (same validation, same labels); Watch streams the change log from the WatchHub. On global, a
 * call that carries a zone token is a zone control plane's and writes only that zone's resources
 * ({@link ZoneCallers}); the token is checked before anything is read or written.
 */
@GrpcService
public class StoreGrpcService implements Store {
  private final ResourceService service;
  private final StoreBackend backend;
  private final WatchHub hub;
  private final WatchMeters watchMeters;
  private final ZoneCallers callers;

  public StoreGrpcService(ResourceService service, StoreBackend backend, WatchHub hub, WatchMeters watchMeters,
      ZoneCallers callers) {
    this.callers = callers;
    this.service = service;
    this.backend = backend;
    this.hub = hub;
    this.watchMeters = watchMeters;
  }

  @Override
  @Blocking
  public Uni<Resource> get(GetRequest request) {
    return call(() -> {
      callers.authenticate(CallerToken.current());
      ResourceKind kind = ProtoMapping.kind(request.getKey().getKind());
      return ProtoMapping.toProto(service.getOrThrow(kind, request.getKey().getMesh(), request.getKey().getName()));
    });
  }

  @Override
  @Blocking
  public Uni<ListResponse> list(ListRequest request) {
    return call(() -> {
      callers.authenticate(CallerToken.current());
      ResourceKind kind = ProtoMapping.kind(request.getKind());
      long revision = backend.revision();
      ListResponse.Builder out = ListResponse.newBuilder().setRevision(revision);
      String mesh = request.getMesh().isEmpty() ? null : request.getMesh();
      service.list(kind, mesh).forEach(r -> out.addItems(ProtoMapping.toProto(r)));
      return out.build();
    });
  }

  @Override
  @Blocking
  public Uni<PutResponse> put(PutRequest request) {
    return call(() -> {
      String zone = callers.authenticate(CallerToken.current());
      var resource = ProtoMapping.fromPut(request.getKey(), request.getLabelsMap(), request.getSpecJson());
      callers.authorizePut(zone, resource);
      long expected = request.getHasExpectedVersion() ? request.getExpectedVersion() : StoreBackend.ANY_VERSION;
      ResourceService.WriteOutcome outcome = service.put(resource, expected);
      return PutResponse.newBuilder().setResource(ProtoMapping.toProto(outcome.resource()))
          .setCreated(outcome.created()).build();
    });
  }

  @Override
  @Blocking
  public Uni<DeleteResponse> delete(DeleteRequest request) {
    return call(() -> {
      String zone = callers.authenticate(CallerToken.current());
      ResourceKind kind = ProtoMapping.kind(request.getKey().getKind());
      callers.authorizeDelete(zone, kind, request.getKey().getMesh(), request.getKey().getName());
      long expected = request.getHasExpectedVersion() ? request.getExpectedVersion() : StoreBackend.ANY_VERSION;
      DeleteResponse.Builder out = DeleteResponse.newBuilder();
      for (StoreEvent e : service.delete(kind, request.getKey().getMesh(), request.getKey().getName(), expected)) {
        out.addDeleted(ProtoMapping.key(e.key().kind(), e.key().mesh(), e.key().name()));
      }
      return out.build();
    });
  }

  @Override
  public Multi<WatchEvent> watch(WatchRequest request) {
    // The token is taken here, where the call's Context is current, and judged on a worker (it reads the store).
    // A call without one (global's own services, or any call to a zone's store) follows at once.
    Optional<String> token = CallerToken.current();
    if (token.isEmpty()) return follow(request);
    return Uni.createFrom().item(() -> Optional.ofNullable(callers.authenticate(token)))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure().transform(ProtoMapping::toStatus)
        .onItem().transformToMulti(caller -> follow(request));
  }

  private Multi<WatchEvent> follow(WatchRequest request) {
    return Multi.createFrom().emitter(emitter -> {
      WatchHub.Subscription sub = hub.subscribe(request.getFromRevision(), new HashSet<>(request.getKindsList()),
          request.getMesh().isEmpty() ? null : request.getMesh(), new Forwarder(emitter, watchMeters));
      watchMeters.watchOpened();
      emitter.onTermination(() -> {
        sub.close();
        watchMeters.watchClosed();
      });
    });
  }

  /** Hands one subscription's events to the gRPC stream; the lag of a live change counts up to that moment. */
  private record Forwarder(MultiEmitter<? super WatchEvent> emitter, WatchMeters meters) implements WatchHub.Listener {
    @Override
    public void onLiveEvent(StoreEvent event, long signalledAtNanos) {
      onEvent(event);
      meters.delivered(signalledAtNanos);
    }

    @Override
    public void onEvent(StoreEvent event) {
      emitter.emit(WatchEvent.newBuilder()
          .setType(event.type() == StoreEvent.Type.PUT ? WatchEvent.Type.PUT : WatchEvent.Type.DELETE)
          .setRevision(event.revision())
          .setResource(ProtoMapping.toProto(event.resource()))
          .build());
    }

    @Override
    public void onSynced(long revision) {
      emitter.emit(WatchEvent.newBuilder().setType(WatchEvent.Type.SYNCED).setRevision(revision).build());
    }

    @Override
    public void onError(Throwable error) {
      emitter.fail(ProtoMapping.toStatus(error));
    }
  }

  private static <T> Uni<T> call(Supplier<T> work) {
    try {
      return Uni.createFrom().item(work.get());
    } catch (RuntimeException e) {
      return Uni.createFrom().failure(ProtoMapping.toStatus(e));
    }
  }
}
