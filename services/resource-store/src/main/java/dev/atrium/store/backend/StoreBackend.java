package dev.atrium.store.backend;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable storage of resources with a totally ordered change log. Implementations: the embedded
 * SQLite store (default), PostgreSQL, and a Kubernetes API server (kube.KubernetesBackend, ADR 0006).
 * All methods are blocking and thread-safe: callers keep them off event-loop threads.
 *
 * <p>Contract, checked by the shared contract test suite against every backend:
 * <ul>
 *   <li>every write commits atomically with its events; revisions strictly increase and commit order
 *       equals revision order, also across several store processes on one database. The JDBC backends
 *       give each event exactly the next number; Kubernetes revisions are etcd's, with gaps;
 *   <li>a write acknowledged by {@link #put} or {@link #delete} survives the process being killed, and
 *       is in the log (and visible to reads) when the call returns;
 *   <li>{@link #eventsAfter} returns every event after a revision exactly once, in order, or throws
 *       {@link RevisionCompactedException};
 *   <li>{@link #onCommitted} fires after local commits and, for shared databases, after commits made
 *       by other processes, without polling.
 * </ul>
 */
public interface StoreBackend extends AutoCloseable {

  /** Expected version meaning "write whatever is there". */
  long ANY_VERSION = -1;
  /** Expected version meaning "the resource must not exist yet". */
  long MUST_NOT_EXIST = 0;

  Optional<StoredResource> get(ResourceKey key);

  /** Resources of one kind, sorted by (mesh, name). {@code mesh} null means every mesh. */
  List<StoredResource> list(String kind, String mesh);

  /**
   * Creates or replaces a resource. Keeps the creation time of an existing resource.
   *
   * @throws VersionConflictException if {@code expectedVersion} is not {@link #ANY_VERSION} and differs
   */
  WriteResult put(ResourceKey key, java.util.Map<String, String> labels, String json, long expectedVersion);

  /**
   * Deletes a resource and, when it is a Mesh ({@code key.kind()} equals "Mesh"), every resource whose
   * mesh is that mesh, in one transaction. Returns the DELETE events written (empty if nothing existed).
   *
   * @throws VersionConflictException if {@code expectedVersion} is not {@link #ANY_VERSION} and differs
   */
  List<StoreEvent> delete(ResourceKey key, long expectedVersion);

  /** Every resource of the given kinds (all kinds if empty) and the revision they reflect, read atomically. */
  StoreSnapshot snapshot(Set<String> kinds);

  /**
   * The revision of the latest committed event (0 for an empty store), or, where older history is gone
   * (a Kubernetes store after a restart or re-list), the oldest revision that can be resumed from if newer.
   */
  long revision();

  /**
   * Up to {@code limit} events with revision greater than {@code afterRevision}, in revision order.
   *
   * @throws RevisionCompactedException if events after {@code afterRevision} are no longer retained
   */
  List<StoreEvent> eventsAfter(long afterRevision, int limit);

  /**
   * Registers a callback that runs (on a backend thread, must not block) whenever new events may be
   * available: after a local commit, or when another process commits to a shared database.
   */
  void onCommitted(Runnable listener);

  @Override
  void close();
}
