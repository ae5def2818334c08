package dev.atrium.store.backend.jdbc;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.RevisionCompactedException;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoreSnapshot;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.VersionConflictException;
import dev.atrium.store.backend.WriteResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The store over SQL, identical for the embedded SQLite file and a shared PostgreSQL database; the
 * differences live in {@link Connections} and {@link SqlDialect}. Open it with
 * {@link EmbeddedBackend} or {@link PostgresBackend}.
 *
 * <p>Every write transaction follows the same steps: lock the revision row (so writers everywhere
 * take turns and revisions follow commit order), read and check the current version, change the
 * resources table, append one event per change, advance the revision row (compacting the log now and
 * then), announce the commit, commit; then tell local listeners.
 */
public final class JdbcBackend implements StoreBackend {
  private static final String MESH_KIND = "Mesh";

  private final Connections connections;
  private final SqlDialect dialect;
  private final EventRetention retention;
  private final CommitSignal commitSignal = new CommitSignal();
  private final List<AutoCloseable> closeFirst = new ArrayList<>();
  private volatile boolean closed;

  JdbcBackend(Connections connections, SqlDialect dialect, EventRetention retention) {
    this.connections = connections;
    this.dialect = dialect;
    this.retention = Objects.requireNonNull(retention, "retention");
    SchemaInstaller.install(connections, dialect);
  }

  @Override
  public Optional<StoredResource> get(ResourceKey key) {
    Objects.requireNonNull(key, "key");
    return connections.read(c -> ResourceTable.get(c, key));
  }

  @Override
  public List<StoredResource> list(String kind, String mesh) {
    Objects.requireNonNull(kind, "kind");
    return connections.read(c -> ResourceTable.list(c, kind, mesh));
  }

  @Override
  public WriteResult put(ResourceKey key, Map<String, String> labels, String json, long expectedVersion) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
    WriteResult result = connections.write(c -> {
      RevisionCounter.State before = RevisionCounter.lock(c);
      Optional<StoredResource> existing = ResourceTable.get(c, key);
      checkVersion(key, expectedVersion, existing);
      Instant now = RowCodec.now();
      Instant created = existing.map(StoredResource::creationTime).orElse(now);
      StoredResource stored = new StoredResource(key, before.revision() + 1, created, now, labels, json);
      ResourceTable.upsert(c, stored);
      appendEvents(c, before, List.of(new StoreEvent(stored.version(), StoreEvent.Type.PUT, stored)));
      return new WriteResult(stored, existing.isEmpty());
    });
    commitSignal.committed(result.resource().version());
    return result;
  }

  @Override
  public List<StoreEvent> delete(ResourceKey key, long expectedVersion) {
    Objects.requireNonNull(key, "key");
    List<StoreEvent> events = connections.write(c -> {
      RevisionCounter.State before = RevisionCounter.lock(c);
      Optional<StoredResource> existing = ResourceTable.get(c, key);
      checkVersion(key, expectedVersion, existing);
      // Children first, the Mesh last: a watcher applying events in order never sees an orphan.
      List<StoredResource> doomed = new ArrayList<>();
      if (MESH_KIND.equals(key.kind())) doomed.addAll(ResourceTable.inMesh(c, key.name()));
      existing.ifPresent(doomed::add);
      List<StoreEvent> written = new ArrayList<>();
      long revision = before.revision();
      for (StoredResource r : doomed) {
        ResourceTable.delete(c, r.key());
        written.add(new StoreEvent(++revision, StoreEvent.Type.DELETE, r));
      }
      if (!written.isEmpty()) appendEvents(c, before, written);
      return written;
    });
    if (!events.isEmpty()) commitSignal.committed(events.get(events.size() - 1).revision());
    return events;
  }

  @Override
  public StoreSnapshot snapshot(Set<String> kinds) {
    Objects.requireNonNull(kinds, "kinds");
    return connections.read(c -> new StoreSnapshot(RevisionCounter.read(c).revision(), ResourceTable.ofKinds(c, kinds)));
  }

  @Override
  public long revision() {
    return connections.read(c -> RevisionCounter.read(c).revision());
  }

  @Override
  public List<StoreEvent> eventsAfter(long afterRevision, int limit) {
    if (afterRevision < 0) throw new IllegalArgumentException("afterRevision must not be negative: " + afterRevision);
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
    // One read transaction: the compaction mark and the events come from the same instant, so a
    // compaction committed in between cannot turn into a silent gap.
    return connections.read(c -> {
      long compactedThrough = RevisionCounter.read(c).compactedThrough();
      if (afterRevision < compactedThrough) throw new RevisionCompactedException(afterRevision, compactedThrough);
      return EventTable.after(c, afterRevision, limit);
    });
  }

  @Override
  public void onCommitted(Runnable listener) {
    commitSignal.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    for (AutoCloseable c : closeFirst) {
      try {
        c.close();
      } catch (Exception e) {
        System.getLogger(JdbcBackend.class.getName()).log(System.Logger.Level.WARNING, "closing " + c + " failed", e);
      }
    }
    connections.close();
  }

  /** For backends that learn about commits from outside this process. */
  CommitSignal commitSignal() {
    return commitSignal;
  }

  /** Something (a notification listener) to close before the connections. */
  void closeFirst(AutoCloseable resource) {
    closeFirst.add(resource);
  }

  private static void checkVersion(ResourceKey key, long expected, Optional<StoredResource> existing) {
    long actual = existing.map(StoredResource::version).orElse(MUST_NOT_EXIST);
    if (expected != ANY_VERSION && expected != actual) throw new VersionConflictException(key, expected, actual);
  }

  /** Appends the events (revisions before+1...) and advances the revision row, compacting when due. */
  private void appendEvents(Connection c, RevisionCounter.State before, List<StoreEvent> events) throws SQLException {
    for (StoreEvent e : events) EventTable.append(c, e);
    long next = before.revision() + events.size();
    long compactedThrough = before.compactedThrough();
    if (next / retention.compactEvery() != before.revision() / retention.compactEvery()) {
      long through = next - retention.keepEvents();
      if (through > compactedThrough) {
        EventTable.deleteThrough(c, through);
        compactedThrough = through;
      }
    }
    RevisionCounter.advance(c, new RevisionCounter.State(next, compactedThrough));
    dialect.announceCommit(c, next);
  }
}
