package dev.atrium.follow;

import static dev.atrium.follow.RecordingListener.eventually;
import static dev.atrium.follow.ResourceIndexTest.dataplane;
import static dev.atrium.follow.ResourceIndexTest.gateway;
import static dev.atrium.follow.ResourceIndexTest.mesh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreClient;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.testing.process.StoreProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower against the packaged resource-store: the state loaded whole, each later change in
 * order with what it replaced, only the kinds asked for, read-your-writes, and a store killed and
 * restarted resumed without loss, repetition or a re-listing. Each test works in its own mesh.
 */
class StoreFollowerTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static StoreProcess store;
  static ManagedChannel channel;
  static StoreGrpc.StoreBlockingStub writes;

  private final RecordingListener listener = new RecordingListener();
  private StoreFollower follower;

  @BeforeAll
  static void startStore() {
    store = StoreProcess.embedded(dir).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", store.grpcPort()).usePlaintext().build();
    writes = StoreGrpc.newBlockingStub(channel).withWaitForReady();
  }

  @AfterAll
  static void stopStore() {
    if (channel != null) channel.shutdownNow();
    if (store != null) store.close();
  }

  @AfterEach
  void stopFollower() {
    if (follower != null) follower.stop();
  }

  @Test
  void loadsTheStateWholeThenTellsEachChangeInOrder() throws Exception {
    put(mesh("loading"));
    put(dataplane("loading", "web-1", "10.0.0.1"));

    follow(ResourceKind.MESH, ResourceKind.DATAPLANE);
    assertThat(follower.index().get(ResourceKind.DATAPLANE, "loading", "web-1")).isPresent();
    assertThat(listener.loads).hasSize(1);
    assertThat(listener.loads.get(0)).extracting(RecordingListener::describe).contains("Mesh loading/loading created");
    assertThat(listener.changes).as("the listing is told as loaded, not as changes").isEmpty();

    put(dataplane("loading", "web-2", "10.0.0.2"));
    put(dataplane("loading", "web-1", "10.0.0.9"));
    delete(ResourceKind.DATAPLANE, "loading", "web-2");
    put(gateway("loading", "not-watched"));
    long last = put(dataplane("loading", "web-3", "10.0.0.3"));

    assertThat(follower.awaitRevision(last, WAIT)).isTrue();
    assertThat(listener.described(c -> c.mesh().equals("loading"))).containsExactly(
        "Dataplane loading/web-2 created",
        "Dataplane loading/web-1 updated",
        "Dataplane loading/web-2 deleted",
        "Dataplane loading/web-3 created");
    Change update = listener.changes.get(1);
    assertThat(ResourceCodec.toJson(update.before())).contains("10.0.0.1");
    assertThat(ResourceCodec.toJson(update.after())).contains("10.0.0.9");
    assertThat(follower.index().all(ResourceKind.MESH_GATEWAY, "loading")).as("a kind not asked for").isEmpty();
    assertThat(follower.revision()).isEqualTo(last);
  }

  @Test
  void awaitRevisionIsReadYourWrites() throws Exception {
    put(mesh("own-writes"));
    follow(ResourceKind.MESH, ResourceKind.DATAPLANE);

    long version = put(dataplane("own-writes", "web-1", "10.0.0.1"));
    assertThat(follower.awaitRevision(version, WAIT)).isTrue();
    assertThat(follower.index().get(ResourceKind.DATAPLANE, "own-writes", "web-1")).isPresent();
    assertThat(follower.awaitRevision(version + 1_000_000, Duration.ofMillis(200))).as("a revision not yet written").isFalse();
  }

  @Test
  void aRestartedStoreIsResumedWithoutLossRepetitionOrReListing() throws Exception {
    put(mesh("restart"));
    follow(ResourceKind.MESH, ResourceKind.DATAPLANE);
    assertThat(follower.awaitRevision(put(dataplane("restart", "before", "10.0.0.1")), WAIT)).isTrue();

    store.killAndRestart(); // the stream dies with the process; the data and ports stay
    long last = put(dataplane("restart", "after", "10.0.0.2"));

    assertThat(follower.awaitRevision(last, WAIT)).isTrue();
    assertThat(listener.described(c -> c.mesh().equals("restart")))
        .containsExactly("Dataplane restart/before created", "Dataplane restart/after created");
    assertThat(listener.loads).as("resumed from its revision, not listed again").hasSize(1);
  }

  private void follow(ResourceKind... kinds) {
    var client = new StoreClient("store", channel, (name, stub) -> stub);
    follower = new StoreFollower(client, List.of(kinds), Duration.ofMillis(50), Duration.ofMillis(500));
    follower.start(listener);
    eventually(WAIT, follower::synced);
  }

  /** Writes {@code r} through the Store API and returns its version (the store revision of the write). */
  private static long put(Resource r) {
    return writes.put(PutRequest.newBuilder().setKey(key(r.kind(), r.mesh(), r.name()))
        .putAllLabels(r.meta().labels()).setSpecJson(ResourceCodec.encodeSpec(r.spec())).build())
        .getResource().getVersion();
  }

  private static void delete(ResourceKind kind, String mesh, String name) {
    writes.delete(DeleteRequest.newBuilder().setKey(key(kind, mesh, name)).build());
  }

  private static ResourceKey key(ResourceKind kind, String mesh, String name) {
    return ResourceKey.newBuilder().setKind(kind.typeName()).setMesh(mesh == null ? "" : mesh).setName(name).build();
  }
}
