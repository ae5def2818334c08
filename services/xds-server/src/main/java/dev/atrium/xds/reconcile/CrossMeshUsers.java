package dev.atrium.xds.reconcile;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.xds.ads.ProxyId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which proxies read another mesh (an outbound tagged {@code kuma.io/mesh: <other>}, reaching that
 * mesh's cross-mesh gateway), so a change in that mesh reconciles them too. Reconcile thread only.
 */
final class CrossMeshUsers {
  static final String MESH_TAG = "kuma.io/mesh";

  private final Map<String, Set<ProxyId>> byMesh = new HashMap<>();
  private final Map<ProxyId, Set<String>> byProxy = new HashMap<>();

  /** The other meshes {@code dataplane}'s outbounds name. */
  static Set<String> meshesRead(String ownMesh, Resource dataplane) {
    Set<String> out = new TreeSet<>();
    DataplaneSpec.Networking n = dataplane.specAs(DataplaneSpec.class).networking();
    if (n == null) return out;
    for (DataplaneSpec.Outbound o : n.outbound()) {
      String mesh = o.tags() == null ? null : o.tags().get(MESH_TAG);
      if (mesh != null && !mesh.isEmpty() && !mesh.equals(ownMesh)) out.add(mesh);
    }
    return out;
  }

  void update(ProxyId id, Set<String> meshes) {
    remove(id);
    if (meshes.isEmpty()) return;
    byProxy.put(id, Set.copyOf(meshes));
    meshes.forEach(m -> byMesh.computeIfAbsent(m, k -> new HashSet<>()).add(id));
  }

  void remove(ProxyId id) {
    Set<String> meshes = byProxy.remove(id);
    if (meshes == null) return;
    for (String m : meshes) {
      Set<ProxyId> users = byMesh.get(m);
      if (users != null && users.remove(id) && users.isEmpty()) byMesh.remove(m);
    }
  }

  Set<ProxyId> usersOf(String mesh) {
    return byMesh.getOrDefault(mesh, Set.of());
  }
}
