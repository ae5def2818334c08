package dev.atrium.store.service;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.VersionConflictException;
import java.util.ArrayList;
import java.util.List;

/**
 * A DataplaneInsight belongs to the Dataplane of the same mesh and name, as Kuma's insight is owned by
 * its Dataplane: it is written only while that Dataplane exists and deleted with it. Without this, the
 * xds-server's last write for a proxy (its disconnect, which arrives after the agent deregistered)
 * would bring back an insight of a Dataplane that is gone.
 *
 * <p>Backends have no cross-key transactions, so a write checks the owner before and after: whichever
 * way a concurrent Dataplane delete interleaves, either the write is refused or the insight it made
 * is removed again.
 */
final class InsightOwnership {
  private InsightOwnership() {}

  /** Refuses an insight whose Dataplane does not exist (NOT_FOUND to the xds-server). */
  static void requireOwner(StoreBackend backend, Resource insight) {
    if (!ownerExists(backend, insight.mesh(), insight.name())) throw ownerMissing(insight);
  }

  /** After writing {@code insight}: if its Dataplane was deleted meanwhile, deletes it again and refuses. */
  static void undoIfOrphaned(StoreBackend backend, Resource insight) {
    if (ownerExists(backend, insight.mesh(), insight.name())) return;
    deleteInsightOf(backend, insight.mesh(), insight.name());
    throw ownerMissing(insight);
  }

  /** Deletes the insight of a deleted Dataplane; nothing when there is none. */
  static List<StoreEvent> deleteInsightOf(StoreBackend backend, String mesh, String name) {
    try {
      return backend.delete(StoredResources.keyOf(ResourceKind.DATAPLANE_INSIGHT, mesh, name), StoreBackend.ANY_VERSION);
    } catch (VersionConflictException cannotHappenWithAnyVersion) {
      return List.of();
    }
  }

  static List<StoreEvent> withInsightOf(StoreBackend backend, List<StoreEvent> deletedDataplane, String mesh, String name) {
    List<StoreEvent> out = new ArrayList<>(deletedDataplane);
    out.addAll(deleteInsightOf(backend, mesh, name));
    return out;
  }

  private static boolean ownerExists(StoreBackend backend, String mesh, String name) {
    return backend.get(new ResourceKey(ResourceKind.DATAPLANE.typeName(), mesh, name)).isPresent();
  }

  private static ResourceNotFoundException ownerMissing(Resource insight) {
    return new ResourceNotFoundException("Dataplane \"" + insight.name() + "\" not found in mesh \"" + insight.mesh()
        + "\": a DataplaneInsight exists only beside its Dataplane", false);
  }
}
