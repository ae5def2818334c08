package dev.atrium.core.multizone;

import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.route.BackendRef;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The tag subsets of each service that a mesh's routes send to: MeshGatewayRoute destinations (and
 * mirrors) with tags beside {@code kuma.io/service}, MeshHTTPRoute / MeshTCPRoute backendRefs of kind
 * {@code MeshServiceSubset}. A proxy in another zone reaches such a subset with Kuma's SNI
 * {@code backend{mesh=default,version=v2}}; a zone's ingress serves one filter chain per subset asked
 * for (rather than every combination of every instance's tags, which grows as 2^tags). Pure.
 */
public final class RequestedSubsets {
  private RequestedSubsets() {}

  /** Per service, its non-empty subsets (tags without kuma.io/service), sorted. */
  public static Map<String, Set<Map<String, String>>> of(MeshSnapshot mesh) {
    Map<String, Set<Map<String, String>>> out = new TreeMap<>();
    for (Resource r : mesh.all(ResourceKind.MESH_GATEWAY_ROUTE)) {
      MeshGatewayRouteSpec.Conf conf = r.specAs(MeshGatewayRouteSpec.class).conf();
      if (conf == null) continue;
      Stream<MeshGatewayRouteSpec.Backend> backends = Stream.empty();
      if (conf.http() != null) {
        for (MeshGatewayRouteSpec.HttpRule rule : conf.http().rules()) {
          backends = Stream.concat(backends, rule.backends().stream());
          for (MeshGatewayRouteSpec.Filter f : rule.filters()) {
            if (f.mirror() != null && f.mirror().backend() != null) backends = Stream.concat(backends, Stream.of(f.mirror().backend()));
          }
        }
      }
      if (conf.tcp() != null) {
        for (MeshGatewayRouteSpec.TcpRule rule : conf.tcp().rules()) backends = Stream.concat(backends, rule.backends().stream());
      }
      backends.forEach(b -> add(out, b.destination()));
    }
    for (Resource r : mesh.all(ResourceKind.MESH_HTTP_ROUTE)) {
      for (MeshHTTPRouteSpec.To to : r.specAs(MeshHTTPRouteSpec.class).to()) {
        for (MeshHTTPRouteSpec.Rule rule : to.rules()) {
          if (rule.defaultConf() == null) continue;
          rule.defaultConf().backendRefs().forEach(ref -> addRef(out, ref));
          for (MeshHTTPRouteSpec.Filter f : rule.defaultConf().filters()) {
            if (f.requestMirror() != null && f.requestMirror().backendRef() != null) addRef(out, f.requestMirror().backendRef());
          }
        }
      }
    }
    for (Resource r : mesh.all(ResourceKind.MESH_TCP_ROUTE)) {
      for (MeshTCPRouteSpec.To to : r.specAs(MeshTCPRouteSpec.class).to()) {
        for (MeshTCPRouteSpec.Rule rule : to.rules()) {
          if (rule.defaultConf() != null) rule.defaultConf().backendRefs().forEach(ref -> addRef(out, ref));
        }
      }
    }
    return out;
  }

  /** A MeshServiceSubset names its service ({@code name}) and the subset's tags apart. */
  private static void addRef(Map<String, Set<Map<String, String>>> out, BackendRef ref) {
    if (!"MeshServiceSubset".equals(ref.kind()) || ref.name() == null) return;
    Map<String, String> tags = new TreeMap<>(ref.tags());
    tags.put(KumaTags.SERVICE, ref.name());
    add(out, tags);
  }

  private static void add(Map<String, Set<Map<String, String>>> out, Map<String, String> tags) {
    String service = tags.get(KumaTags.SERVICE);
    if (service == null || tags.size() < 2) return;
    Map<String, String> subset = new TreeMap<>(tags);
    subset.remove(KumaTags.SERVICE);
    out.computeIfAbsent(service, s -> new TreeSet<>(RequestedSubsets::compare)).add(Map.copyOf(subset));
  }

  private static int compare(Map<String, String> a, Map<String, String> b) {
    return new TreeMap<>(a).toString().compareTo(new TreeMap<>(b).toString());
  }
}
