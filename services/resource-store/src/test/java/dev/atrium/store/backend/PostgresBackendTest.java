package dev.atrium.store.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.backend.jdbc.PostgresBackend;
import dev.atrium.store.watch.RecordingListener;
import dev.atrium.store.watch.WatchHub;
import dev.atrium.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real PostgreSQL (started on loopback for this class, a fresh database per
 * test), plus what only a shared database has: several store processes on one database.
 */
class PostgresBackendTest extends StoreBackendContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer server;
  private String jdbcUrl;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) server.close();
  }

  @BeforeEach
  void freshDatabase() {
    jdbcUrl = server.createDatabase("store_" + DATABASES.incrementAndGet());
  }

  @Override
  protected StoreBackend openStorage(EventRetention retention) {
    return PostgresBackend.open(jdbcUrl, server.user(), server.password(), 4, retention);
  }

  @Test
  void aCommitThroughOneProcessWakesAndIsVisibleToAnother() throws Exception {
    StoreBackend a = open();
    StoreBackend b = open();
    AtomicLong seenByB = new AtomicLong();
    b.onCommitted(() -> seenByB.accumulateAndGet(b.revision(), Math::max));

    StoredResource written = put(a, route("default", "r1"), "from-a");

    awaitAtLeast(seenByB, written.version());
    assertThat(b.eventsAfter(0, 10)).extracting(StoreEvent::resource).containsExactly(written);
    assertThat(b.get(route("default", "r1"))).contains(written);
  }

  @Test
  void theCommitListenerReconnectsAfterLosingItsConnectionAndCatchesUp() throws Exception {
    StoreBackend a = open();
    StoreBackend b = open();
    AtomicLong seenByB = new AtomicLong();
    b.onCommitted(() -> seenByB.accumulateAndGet(b.revision(), Math::max));
    awaitListening(2);

    assertThat(terminateListenConnections()).isEqualTo(2);
    // Written while B is not listening: B catches up when it has reconnected.
    long first = put(a, route("default", "while-down"), "v").version();
    awaitAtLeast(seenByB, first);
    awaitListening(2);
    long second = put(a, route("default", "after"), "v").version();
    awaitAtLeast(seenByB, second);
  }

  @Test
  void twoProcessesWritingAtOnceShareOneGapFreeLog() throws Exception {
    StoreBackend a = open();
    StoreBackend b = open();
    CompletableFuture<Void> viaA = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 60; i++) put(a, route("a", "r" + i % 5), "v" + i);
    });
    CompletableFuture<Void> viaB = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 60; i++) put(b, route("b", "r" + i % 5), "v" + i);
    });
    viaA.get(60, TimeUnit.SECONDS);
    viaB.get(60, TimeUnit.SECONDS);

    assertThat(a.eventsAfter(0, 500)).extracting(StoreEvent::revision)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 120).boxed().toList());
    assertThat(b.eventsAfter(0, 500)).isEqualTo(a.eventsAfter(0, 500));
  }

  private int terminateListenConnections() throws SQLException {
    try (Connection admin = DriverManager.getConnection(jdbcUrl, server.user(), server.password());
        ResultSet rs = admin.createStatement().executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE application_name = 'atrium-resource-store-listen' AND datname = current_database()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void awaitListening(int connections) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection admin = DriverManager.getConnection(jdbcUrl, server.user(), server.password())) {
      while (true) {
        try (ResultSet rs = admin.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity "
            + "WHERE application_name = 'atrium-resource-store-listen' AND datname = current_database() "
            + "AND query LIKE 'LISTEN%'")) {
          rs.next();
          if (rs.getInt(1) >= connections) return;
        }
        assertThat(System.nanoTime()).as("listen connections established in time").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  @Test
  void aWatchOnOneProcessStreamsWritesMadeThroughAnother() {
    StoreBackend writer = open();
    StoreBackend watched = open();
    try (WatchHub hub = new WatchHub(watched)) {
      RecordingListener listener = new RecordingListener();
      hub.subscribe(0, Set.of(), null, listener);
      // The initial state is taken asynchronously: write only once it is (an empty store, SYNCED @0),
      // so the three writes arrive as events rather than folded into the state.
      listener.awaitSynced();
      put(writer, route("default", "r1"), "v");
      put(writer, route("default", "r2"), "v");
      writer.delete(route("default", "r1"), StoreBackend.ANY_VERSION);
      listener.awaitEvents(3);
      assertThat(listener.trace()).containsExactly(
          "SYNCED @0", "PUT MeshHTTPRoute/default/r1 @1", "PUT MeshHTTPRoute/default/r2 @2",
          "DELETE MeshHTTPRoute/default/r1 @3");
    }
  }
}
