package dev.atrium.store.backend.kube;

import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.VersionConflictException;
import dev.atrium.store.backend.WriteResult;
import dev.atrium.store.backend.kube.ObjectCodec.Placement;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes through the API server with Kubernetes' optimistic concurrency: an update carries the
 * resourceVersion it was based on and a deletion carries it as a precondition, so an expected
 * version that no longer matches is a 409, which becomes {@link VersionConflictException}. A write
 * returns once its event has been released, so the writer's next read or watch sees it.
 */
final class ObjectWriter {
  private static final System.Logger LOG = System.getLogger(ObjectWriter.class.getName());
  private static final long VISIBLE_TIMEOUT_MILLIS = 30_000;
  private static final int RACE_ATTEMPTS = 10;

  private final KubernetesClient client;
  private final ObjectCodec codec;
  private final Sequencer sequencer;
  private final Map<String, KubeKind> kinds;

  ObjectWriter(KubernetesClient client, ObjectCodec codec, Sequencer sequencer, Map<String, KubeKind> kinds) {
    this.client = client;
    this.codec = codec;
    this.sequencer = sequencer;
    this.kinds = kinds;
  }

  WriteResult put(ResourceKey key, Map<String, String> labels, String json, long expected) {
    KubeKind kind = kindOf(key);
    // An existing resource stays in its object, whatever labels the caller sent back.
    Placement placement = sequencer.objectOf(key).map(id -> placementOf(kind, key, id))
        .orElseGet(() -> codec.placement(kind, key, labels));
    for (int attempt = 1; ; attempt++) {
      GenericKubernetesResource current = kind.object(client, placement.namespace(), placement.name()).get();
      long actual = StoreBackend.MUST_NOT_EXIST;
      if (current != null) {
        Observed seen = codec.observe(kind, current);
        if (seen.valid() && !seen.resource().key().equals(key)) throw occupied(kind, placement, seen.resource().key());
        actual = seen.revision();
      }
      if (expected != StoreBackend.ANY_VERSION && expected != actual) throw new VersionConflictException(key, expected, actual);
      GenericKubernetesResource desired = codec.toObject(kind, key, labels, json, placement, current, now());
      GenericKubernetesResource written;
      try {
        written = current == null ? client.resource(desired).create() : client.resource(desired).update();
      } catch (KubernetesClientException e) {
        boolean raced = e.getCode() == 409 || (e.getCode() == 404 && current != null);
        if (raced && expected == StoreBackend.ANY_VERSION && attempt < RACE_ATTEMPTS) continue;
        if (raced) throw new VersionConflictException(key, expected, revisionNow(kind, placement));
        throw translate(e, key);
      }
      Observed result = codec.observe(kind, written);
      if (!result.valid()) throw new IllegalStateException("the API server stored " + key + " as an object the store cannot read: " + result.problem());
      awaitVisible(result.revision(), key);
      return new WriteResult(result.resource(), current == null);
    }
  }

  /** Deletes {@code key}; a Mesh takes everything inside it along, children first. */
  List<StoreEvent> delete(ResourceKey key, long expected) {
    KubeKind kind = kindOf(key);
    Optional<Target> target = locate(kind, key);
    long actual = target.map(Target::revision).orElse(StoreBackend.MUST_NOT_EXIST);
    if (expected != StoreBackend.ANY_VERSION && expected != actual) throw new VersionConflictException(key, expected, actual);
    if (target.isEmpty()) return List.of();
    List<StoreEvent> events = new ArrayList<>();
    if ("Mesh".equals(key.kind())) {
      // Not one transaction, as Kubernetes has none: Kuma leaves this to owner references and the garbage collector.
      for (StoredResource child : sequencer.inMesh(key.name())) {
        KubeKind childKind = kindOf(child.key());
        locate(childKind, child.key()).ifPresent(t -> events.addAll(deleteObject(childKind, child.key(), t, t.revision())));
      }
    }
    events.addAll(deleteObject(kind, key, target.get(), actual));
    return events;
  }

  /** An object holding {@code key}, its revision, and the resource as it is (or was last valid). */
  private record Target(Placement placement, long revision, StoredResource resource) {}

  private Optional<Target> locate(KubeKind kind, ResourceKey key) {
    List<Placement> candidates = new ArrayList<>();
    sequencer.objectOf(key).ifPresent(id -> candidates.add(placementOf(kind, key, id)));
    candidates.add(codec.placement(kind, key, Map.of()));
    int dot = key.name().lastIndexOf('.');
    if (kind.isNamespaced() && !kind.isSecret() && dot > 0) {
      candidates.add(new Placement(key.name().substring(dot + 1), key.name().substring(0, dot), false));
    }
    for (Placement p : candidates) {
      GenericKubernetesResource current = kind.object(client, p.namespace(), p.name()).get();
      if (current == null) continue;
      Observed o = codec.observe(kind, current);
      StoredResource resource = o.valid() ? o.resource() : sequencer.get(key).filter(r -> p.id().equals(o.id())).orElse(null);
      if (resource != null && resource.key().equals(key)) return Optional.of(new Target(p, o.revision(), resource));
    }
    return Optional.empty();
  }

  private List<StoreEvent> deleteObject(KubeKind kind, ResourceKey key, Target target, long revision) {
    Placement p = target.placement();
    CompletableFuture<Long> deletion = sequencer.expectDeletion(kind.typeName(), p.id());
    try {
      List<StatusDetails> deleted = kind.object(client, p.namespace(), p.name()).lockResourceVersion(Long.toString(revision)).delete();
      if (deleted.isEmpty()) {
        sequencer.cancelDeletion(kind.typeName(), p.id()); // someone else deleted it first
        return List.of();
      }
    } catch (KubernetesClientException e) {
      sequencer.cancelDeletion(kind.typeName(), p.id());
      if (e.getCode() == 404) return List.of();
      if (e.getCode() == 409) throw new VersionConflictException(key, revision, revisionNow(kind, p));
      throw translate(e, key);
    }
    long deletedAt;
    try {
      deletedAt = deletion.get(VISIBLE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(key + " was deleted, but its watch did not report it in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the deletion of " + key, e);
    }
    awaitVisible(deletedAt, key);
    return List.of(new StoreEvent(deletedAt, StoreEvent.Type.DELETE, target.resource()));
  }

  private Placement placementOf(KubeKind kind, ResourceKey key, String id) {
    Placement p = Placement.ofId(id, false);
    boolean universal = kind.isNamespaced() && !kind.isSecret() && codec.systemNamespace().equals(p.namespace())
        && p.name().equals(key.name());
    return new Placement(p.namespace(), p.name(), universal);
  }

  private void awaitVisible(long revision, ResourceKey key) {
    if (!sequencer.awaitReleased(revision, VISIBLE_TIMEOUT_MILLIS)) {
      LOG.log(System.Logger.Level.WARNING, "{0} was written at revision {1}, but watchers do not see it yet "
          + "(a kind's watch is behind or being re-listed)", key, revision);
    }
  }

  private long revisionNow(KubeKind kind, Placement p) {
    GenericKubernetesResource now = kind.object(client, p.namespace(), p.name()).get();
    return now == null ? StoreBackend.MUST_NOT_EXIST : Long.parseLong(now.getMetadata().getResourceVersion());
  }

  private InvalidResourceException occupied(KubeKind kind, Placement p, ResourceKey holder) {
    return new InvalidResourceException("name", "a " + kind.typeName() + " named \"" + p.name() + "\" already exists"
        + (p.namespace() == null ? "" : " in namespace \"" + p.namespace() + "\"")
        + (holder.mesh().isEmpty() ? "" : " in mesh \"" + holder.mesh() + "\"") + " as " + holder.name()
        + "; on Kubernetes a name is unique per kind and namespace, whatever the mesh");
  }

  /** The API server's refusals a client can act on become validation errors; the rest stay as they are. */
  private static RuntimeException translate(KubernetesClientException e, ResourceKey key) {
    if (e.getCode() == 422 || e.getCode() == 400) {
      List<Violation> violations = new ArrayList<>();
      if (e.getStatus() != null && e.getStatus().getDetails() != null) {
        for (StatusCause c : e.getStatus().getDetails().getCauses()) {
          violations.add(new Violation(c.getField() == null ? "" : c.getField(), c.getMessage()));
        }
      }
      if (violations.isEmpty()) violations.add(new Violation("", e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
      return new InvalidResourceException(violations);
    }
    if (e.getCode() == 404) {
      return new InvalidResourceException("", "Kubernetes refused " + key + ": " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
    }
    return e;
  }

  private KubeKind kindOf(ResourceKey key) {
    KubeKind kind = kinds.get(key.kind());
    if (kind == null) throw new IllegalArgumentException("the Kubernetes store has no kind " + key.kind());
    return kind;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }
}
