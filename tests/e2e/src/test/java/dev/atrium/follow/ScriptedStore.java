package dev.atrium.follow;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.DeleteResponse;
import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.ListRequest;
import dev.atrium.api.store.v1.ListResponse;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.PutResponse;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Store whose Watch streams are written in advance, one per call, for what a real store will not
 * do on request: send a kind or a spec this build cannot read, compact history, fail mid-listing.
 * After the last script a Watch stays open and silent.
 */
final class ScriptedStore implements Store {
  final List<WatchRequest> requests = new CopyOnWriteArrayList<>();
  private final Queue<Multi<WatchEvent>> streams = new ArrayDeque<>();

  /** The next Watch sends {@code events}, then stays open. */
  ScriptedStore thenOpen(WatchEvent... events) {
    return then(Multi.createFrom().nothing(), events);
  }

  /** The next Watch sends {@code events}, then fails with {@code code}. */
  ScriptedStore thenFail(Status.Code code, WatchEvent... events) {
    return then(Multi.createFrom().failure(Status.fromCode(code).asRuntimeException()), events);
  }

  /** The next Watch sends {@code events}, then completes. */
  ScriptedStore thenEnd(WatchEvent... events) {
    return then(Multi.createFrom().empty(), events);
  }

  private synchronized ScriptedStore then(Multi<WatchEvent> tail, WatchEvent... events) {
    streams.add(Multi.createBy().concatenating().streams(Multi.createFrom().items(events), tail));
    return this;
  }

  @Override
  public synchronized Multi<WatchEvent> watch(WatchRequest request) {
    requests.add(request);
    Multi<WatchEvent> next = streams.poll();
    return next == null ? Multi.createFrom().nothing() : next;
  }

  List<Long> fromRevisions() {
    return requests.stream().map(WatchRequest::getFromRevision).toList();
  }

  static WatchEvent putEvent(long revision, String kind, String mesh, String name, String specJson) {
    return event(WatchEvent.Type.PUT, revision, Resource.newBuilder().setKey(key(kind, mesh, name))
        .setVersion(revision).setSpecJson(specJson).build());
  }

  static WatchEvent putMesh(long revision, String name) {
    return putEvent(revision, "Mesh", "", name, "{}");
  }

  static WatchEvent putDataplane(long revision, String mesh, String name) {
    return putEvent(revision, "Dataplane", mesh, name,
        "{\"networking\":{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"web\"}}]}}");
  }

  static WatchEvent deleteEvent(long revision, String kind, String mesh, String name) {
    return event(WatchEvent.Type.DELETE, revision, Resource.newBuilder().setKey(key(kind, mesh, name)).build());
  }

  static WatchEvent synced(long revision) {
    return WatchEvent.newBuilder().setType(WatchEvent.Type.SYNCED).setRevision(revision).build();
  }

  private static WatchEvent event(WatchEvent.Type type, long revision, Resource resource) {
    return WatchEvent.newBuilder().setType(type).setRevision(revision).setResource(resource).build();
  }

  private static ResourceKey key(String kind, String mesh, String name) {
    return ResourceKey.newBuilder().setKind(kind).setMesh(mesh).setName(name).build();
  }

  @Override
  public Uni<Resource> get(GetRequest request) {
    throw new UnsupportedOperationException("the follower only watches");
  }

  @Override
  public Uni<ListResponse> list(ListRequest request) {
    throw new UnsupportedOperationException("the follower only watches");
  }

  @Override
  public Uni<PutResponse> put(PutRequest request) {
    throw new UnsupportedOperationException("the follower only watches");
  }

  @Override
  public Uni<DeleteResponse> delete(DeleteRequest request) {
    throw new UnsupportedOperationException("the follower only watches");
  }
}
