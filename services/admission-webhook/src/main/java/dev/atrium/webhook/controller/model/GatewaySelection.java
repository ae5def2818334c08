package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Which MeshGateway serves an instance's Pods, and on which ports. */
public final class GatewaySelection {
  private GatewaySelection() {}

  /**
   * The MeshGateway of the instance's mesh with the most specific selector (most tags) matching the
   * instance's tags, on a tie the first by name: the one the xds-server will configure the Pods with.
   */
  public static Optional<Resource> select(GatewayInstance instance, Collection<Resource> gateways) {
    Map<String, String> tags = instance.tags();
    Resource best = null;
    int bestSize = -1;
    List<Resource> sorted = gateways.stream()
        .filter(g -> g.kind() == ResourceKind.MESH_GATEWAY && instance.mesh().equals(g.mesh()))
        .sorted(Comparator.comparing(Resource::name)).toList();
    for (Resource gateway : sorted) {
      for (Selector selector : gateway.specAs(MeshGatewaySpec.class).selectors()) {
        if (selector.matches(tags) && selector.match().size() > bestSize) {
          best = gateway;
          bestSize = selector.match().size();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The distinct listener ports of a MeshGateway, ascending (several hostnames may share one port). */
  public static List<Integer> ports(Resource gateway) {
    MeshGatewaySpec spec = gateway.specAs(MeshGatewaySpec.class);
    TreeSet<Integer> ports = new TreeSet<>();
    if (spec.conf() != null) {
      spec.conf().listeners().forEach(l -> {
        if (l.port() != null) ports.add(l.port());
      });
    }
    return List.copyOf(ports);
  }
}
