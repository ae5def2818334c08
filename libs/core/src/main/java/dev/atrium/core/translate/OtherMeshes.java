package dev.atrium.core.translate;

import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshots of the meshes other than the proxy's, read by a translation that reaches across meshes
 * (an outbound to another mesh's cross-mesh gateway). Must answer with the same snapshots for a whole
 * translation, so that it stays pure.
 */
@FunctionalInterface
public interface OtherMeshes {
  Optional<MeshSnapshot> snapshot(String mesh);

  /** No other mesh: cross-mesh outbounds get no endpoints. */
  OtherMeshes NONE = mesh -> Optional.empty();

  static OtherMeshes of(Map<String, MeshSnapshot> byName) {
    Map<String, MeshSnapshot> copy = Map.copyOf(byName);
    return mesh -> Optional.ofNullable(copy.get(mesh));
  }
}
