package dev.atrium.core.multizone;

import dev.atrium.core.model.zoneingress.ZoneIngressSpec.AvailableService;
import dev.atrium.core.snapshot.Endpoint;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a zone's ingress can reach, as the zone tells the others (a ZoneIngress's
 * {@code availableServices}): per mesh and per tag set of this zone's ready inbounds, how many there are.
 * The other zones weigh this zone's ingress by those counts. Pure: the same meshes give an equal list, in
 * a fixed order (mesh, then tags), so an unchanged zone never rewrites its ingress.
 */
public final class AvailableServices {
  private AvailableServices() {}

  public static List<AvailableService> of(Collection<MeshSnapshot> meshes) {
    List<AvailableService> out = new ArrayList<>();
    List<MeshSnapshot> sorted = new ArrayList<>(meshes);
    sorted.sort(Comparator.comparing(MeshSnapshot::name));
    for (MeshSnapshot mesh : sorted) {
      Map<String, Integer> instances = new TreeMap<>();
      Map<String, Map<String, String>> tagsByKey = new TreeMap<>();
      for (String service : mesh.localServices()) {
        for (Endpoint e : mesh.localEndpointsOf(service)) {
          String key = new TreeMap<>(e.tags()).toString();
          instances.merge(key, 1, Integer::sum);
          tagsByKey.putIfAbsent(key, e.tags());
        }
      }
      instances.forEach((key, n) -> out.add(new AvailableService(tagsByKey.get(key), n, mesh.name(), null)));
    }
    return List.copyOf(out);
  }
}
