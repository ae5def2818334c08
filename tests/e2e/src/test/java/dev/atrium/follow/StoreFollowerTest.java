package dev.atrium.follow;

import static dev.atrium.follow.RecordingListener.eventually;
import static dev.atrium.follow.ResourceIndexTest.dataplane;
import static dev.atrium.follow.ResourceIndexTest.gateway;
import static dev.atrium.follow.ResourceIndexTest.mesh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreClient;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.prometheus.Exposition;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower against the packaged resource-store: the state loaded whole, each later change in
 * order with what it replaced, only the kinds asked for, read-your-writes, a store killed and
 * restarted resumed without loss, repetition or a re-listing, and resumed within a second of its port
 * answering after an outage long enough for any backoff to grow. Each test works in its own mesh.
 */
class StoreFollowerTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  /** As long as the outage that once cost 6.9 s: a doubling retry up to 5 s was that far from its next attempt. */
  static final Duration OUTAGE = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static StoreProcess store;
  static ManagedChannel channel;
  static StoreGrpc.StoreBlockingStub writes;

  private final RecordingListener listener = new RecordingListener();
  private StoreFollower follower;

  @BeforeAll
  static void startStore() {
    store = StoreProcess.embedded(dir).start();
    channel = StoreChannels.to(store.grpcPort());
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

  @Test
  void aStoreBackFromAnOutageIsFollowedAgainWithinASecondOfItsPortAnswering() throws Exception {
    put(mesh("outage"));
    // The follower's own channel, as in a service: the test's writes must not be what wakes it.
    ManagedChannel followerChannel = StoreChannels.to(store.grpcPort());
    try {
      follow(followerChannel, ResourceKind.MESH, ResourceKind.DATAPLANE);
      assertThat(follower.awaitRevision(put(dataplane("outage", "before", "10.0.0.1")), WAIT)).isTrue();

      store.kill();
      Thread.sleep(OUTAGE.toMillis());
      Thread restart = new Thread(store::start, "store-restart");
      restart.start();
      long portAnswered = awaitPort(store.grpcPort());
      long answered = awaitAnswer(store.grpcPort());
      // The store counts open Watch streams; the follower's is the only one, so 1 is the moment it resumed.
      long resumedAt = awaitWatchers(1);
      long version = put(dataplane("outage", "after", "10.0.0.2"), store.grpcPort());
      assertThat(follower.awaitRevision(version, WAIT)).as("a write after the return is followed").isTrue();
      restart.join();

      Duration resumed = Duration.ofNanos(Math.max(0, resumedAt - answered));
      System.out.printf("store back after %d s: its gRPC port accepted connections, %d ms later it answered a Get; "
              + "the follower's Watch was open again %d ms after that%n", OUTAGE.toSeconds(),
          (answered - portAnswered) / 1_000_000, resumed.toMillis());
      assertThat(resumed).as("from the store answering to the follower's Watch open again").isLessThan(Duration.ofSeconds(1));
      assertThat(listener.described(c -> c.mesh().equals("outage")))
          .containsExactly("Dataplane outage/before created", "Dataplane outage/after created");
      assertThat(listener.loads).as("resumed from its revision, not listed again").hasSize(1);
    } finally {
      follower.stop();
      followerChannel.shutdownNow();
    }
  }

  private void follow(ResourceKind... kinds) {
    follow(channel, kinds);
  }

  /** Follows with the services' default retry delays, on {@code on}. */
  private void follow(ManagedChannel on, ResourceKind... kinds) {
    var client = new StoreClient("store", on, (name, stub) -> stub);
    follower = new StoreFollower(client, List.of(kinds), new WatchRetry(Duration.ofMillis(100), Duration.ofMillis(500), on));
    follower.start(listener);
    eventually(WAIT, follower::synced);
    // synced() turns true just before the listener is told of the loaded state (services rely on that
    // order); the assertions below read what the listener was told, so wait for the telling too.
    eventually(WAIT, () -> !listener.loads.isEmpty());
  }

  /**
   * Blocks until the store on {@code port} answers a Get (tried every 5 ms, each on a fresh channel, which
   * dials at once) and returns when, in nanoTime.
   */
  private static long awaitAnswer(int port) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ManagedChannel probe = StoreChannels.to(port);
      try {
        StoreGrpc.newBlockingStub(probe).withDeadlineAfter(200, TimeUnit.MILLISECONDS)
            .get(GetRequest.newBuilder().setKey(key(ResourceKind.MESH, null, "no-such-mesh")).build());
        return System.nanoTime();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return System.nanoTime();
        Thread.sleep(5);
      } finally {
        probe.shutdownNow();
      }
    }
    throw new AssertionError("the store on " + port + " did not answer within " + WAIT);
  }

  /** Blocks until the store reports {@code n} open Watch streams (read every 10 ms) and returns when, in nanoTime. */
  private static long awaitWatchers(int n) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest scrape = HttpRequest.newBuilder(URI.create(store.apiUrl() + "/q/metrics")).build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(scrape, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && Exposition.parse(r.body()).value("atrium_store_watchers") >= n) return System.nanoTime();
      Thread.sleep(10);
    }
    throw new AssertionError("the store did not report " + n + " open Watch streams within " + WAIT);
  }

  /** Writes {@code r} on a fresh channel to {@code port}: done the moment the store can take it. */
  private static long put(Resource r, int port) {
    ManagedChannel fresh = StoreChannels.to(port);
    try {
      return put(StoreGrpc.newBlockingStub(fresh).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS), r);
    } finally {
      fresh.shutdownNow();
    }
  }

  /** Blocks until {@code port} accepts a connection (tried every 5 ms) and returns when, in nanoTime. */
  private static long awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 100);
        return System.nanoTime();
      } catch (IOException notYet) {
        Thread.sleep(5);
      }
    }
    throw new AssertionError("port " + port + " did not answer within " + WAIT);
  }

  /** Writes {@code r} through the Store API and returns its version (the store revision of the write). */
  private static long put(Resource r) {
    return put(writes, r);
  }

  private static long put(StoreGrpc.StoreBlockingStub writes, Resource r) {
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
