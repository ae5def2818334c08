package dev.atrium.store.service;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.VersionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A proxy's insight belongs to the proxy of the same mesh and name, as Kuma's insights are owned by their
 * resource: a DataplaneInsight by its Dataplane, a ZoneIngressInsight by its ZoneIngress. It is written only
 * while that owner exists and deleted with it. Without this, the xds-server's last write for a proxy (its
 * disconnect, which arrives after the agent deregistered) would bring back an insight of a proxy that is gone.
 *
 * <p>Backends have no cross-key transactions, so a write checks the owner before and after: whichever
 * way a concurrent owner delete interleaves, either the write is refused or the insight it made
 * is removed again.
 */
final class InsightOwnership {
  private InsightOwnership() {}

  private static final Map<ResourceKind, ResourceKind> OWNER_OF = Map.of(
      ResourceKind.DATAPLANE_INSIGHT, ResourceKind.DATAPLANE,
      ResourceKind.ZONE_INGRESS_INSIGHT, ResourceKind.ZONE_INGRESS);

  /** Whether {@code kind} is an insight that needs its owner. */
  static boolean isOwned(ResourceKind kind) {
    return OWNER_OF.containsKey(kind);
  }

  /** The insight kind {@code owner} takes along when deleted, if any. */
  static Optional<ResourceKind> insightOf(ResourceKind owner) {
    return OWNER_OF.entrySet().stream().filter(e -> e.getValue() == owner).map(Map.Entry::getKey).findFirst();
  }

  /** Refuses an insight whose owner does not exist (NOT_FOUND to the xds-server). */
  static void requireOwner(StoreBackend backend, Resource insight) {
    if (!ownerExists(backend, insight)) throw ownerMissing(insight);
  }

  /** After writing {@code insight}: if its owner was deleted meanwhile, deletes it again and refuses. */
  static void undoIfOrphaned(StoreBackend backend, Resource insight) {
    if (ownerExists(backend, insight)) return;
    deleteInsightOf(backend, insight.kind(), insight.mesh(), insight.name());
    throw ownerMissing(insight);
  }

  /** Deletes the insight of a deleted owner; nothing when there is none. */
  private static List<StoreEvent> deleteInsightOf(StoreBackend backend, ResourceKind insightKind, String mesh, String name) {
    try {
      return backend.delete(StoredResources.keyOf(insightKind, mesh, name), StoreBackend.ANY_VERSION);
    } catch (VersionConflictException cannotHappenWithAnyVersion) {
      return List.of();
    }
  }

  /** {@code deletedOwner}'s events, followed by those of deleting its insight (when {@code owner} has one). */
  static List<StoreEvent> withInsightOf(StoreBackend backend, List<StoreEvent> deletedOwner, ResourceKind owner,
      String mesh, String name) {
    Optional<ResourceKind> insightKind = insightOf(owner);
    if (insightKind.isEmpty()) return deletedOwner;
    List<StoreEvent> out = new ArrayList<>(deletedOwner);
    out.addAll(deleteInsightOf(backend, insightKind.get(), mesh, name));
    return out;
  }

  private static boolean ownerExists(StoreBackend backend, Resource insight) {
    return backend.get(StoredResources.keyOf(OWNER_OF.get(insight.kind()), insight.mesh(), insight.name())).isPresent();
  }

  private static ResourceNotFoundException ownerMissing(Resource insight) {
    ResourceKind owner = OWNER_OF.get(insight.kind());
    String where = owner.isMeshScoped() ? " in mesh \"" + insight.mesh() + "\"" : "";
    return new ResourceNotFoundException(owner.typeName() + " \"" + insight.name() + "\" not found" + where + ": a "
        + insight.kind().typeName() + " exists only beside its " + owner.typeName(), false);
  }
}
