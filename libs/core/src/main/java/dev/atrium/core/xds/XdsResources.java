package dev.atrium.core.xds;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One proxy's Envoy configuration: LDS, RDS, CDS, EDS and SDS resources by type URL ({@link XdsTypes}),
 * each list sorted by resource name, with a content version per type. Only {@link XdsTranslator}
 * makes them, and only after checking that every reference resolves, so an instance is always a
 * configuration Envoy can apply.
 */
public final class XdsResources {
  private final Map<String, List<Message>> byType;
  private final Map<String, Set<String>> names;
  private final Map<String, XdsVersions.Versions> versions;

  private XdsResources(Map<String, List<Message>> byType, Map<String, Set<String>> names,
      Map<String, XdsVersions.Versions> versions) {
    this.byType = byType;
    this.names = names;
    this.versions = versions;
  }

  /** Every type URL to its resources (all five types present, lists possibly empty), in {@link XdsTypes#ALL} order. */
  public Map<String, List<Message>> byType() {
    return byType;
  }

  /** The resources of {@code typeUrl}, sorted by name. */
  public List<Message> resources(String typeUrl) {
    return lookup(byType, typeUrl);
  }

  /**
   * The hex SHA-256 of the deterministic serialization of {@code typeUrl}'s sorted resources: equal
   * content gives an equal version, so a push happens only for the types that changed.
   */
  public String version(String typeUrl) {
    return lookup(versions, typeUrl).type();
  }

  /**
   * Each of {@code typeUrl}'s resources' own version, in {@link #resources} order: the hex SHA-256 of its
   * deterministic serialization, the same on every replica and after every restart.
   */
  public List<String> resourceVersions(String typeUrl) {
    return lookup(versions, typeUrl).resources();
  }

  /** The names of {@code typeUrl}'s resources, in sorted order. */
  public Set<String> names(String typeUrl) {
    return lookup(names, typeUrl);
  }

  public List<Listener> listeners() {
    return typed(XdsTypes.LISTENER, Listener.class);
  }

  public List<RouteConfiguration> routes() {
    return typed(XdsTypes.ROUTE, RouteConfiguration.class);
  }

  public List<Cluster> clusters() {
    return typed(XdsTypes.CLUSTER, Cluster.class);
  }

  public List<ClusterLoadAssignment> endpoints() {
    return typed(XdsTypes.ENDPOINT, ClusterLoadAssignment.class);
  }

  public List<Secret> secrets() {
    return typed(XdsTypes.SECRET, Secret.class);
  }

  private <T> List<T> typed(String typeUrl, Class<T> type) {
    return byType.get(typeUrl).stream().map(type::cast).toList();
  }

  private static <V> V lookup(Map<String, V> map, String typeUrl) {
    V value = map.get(typeUrl);
    if (value == null) throw new IllegalArgumentException("not a type URL Atrium serves: " + typeUrl);
    return value;
  }

  static Builder builder(String proxy) {
    return new Builder(proxy, SharedResources.none());
  }

  static Builder builder(String proxy, SharedResources shared) {
    return new Builder(proxy, shared);
  }

  /** Where the generators put their output; {@link #build} sorts, checks and versions it. */
  static final class Builder {
    private final String proxy;
    private final SharedResources shared;
    private final Map<String, List<Message>> byType = new LinkedHashMap<>();

    private Builder(String proxy, SharedResources shared) {
      this.proxy = proxy;
      this.shared = shared;
      XdsTypes.ALL.forEach(t -> byType.put(t, new ArrayList<>()));
    }

    Builder add(Message resource) {
      List<Message> list = byType.get(XdsTypes.typeUrlOf(resource));
      if (list == null) throw new IllegalArgumentException("not an xDS resource Atrium serves: " + XdsTypes.typeUrlOf(resource));
      list.add(resource);
      return this;
    }

    /**
     * Adds what {@code generator} builds from the IR element {@code input} alone, shared with the other
     * proxies of the snapshot whose element is equal ({@link SharedResources}).
     */
    <T extends Message> Builder addShared(Class<? extends ResourceGenerator> generator, Object input, java.util.function.Supplier<T> build) {
      return add(shared.resource(generator, input, build));
    }

    /** The mutable list of {@code typeUrl}'s resources so far (the post-xDS patch stage edits it in place). */
    List<Message> resources(String typeUrl) {
      return lookup(byType, typeUrl);
    }

    /** @throws IllegalStateException when two resources share a name or a reference does not resolve */
    XdsResources build() {
      Map<String, List<Message>> sorted = new LinkedHashMap<>();
      Map<String, Set<String>> names = new LinkedHashMap<>();
      Map<String, XdsVersions.Versions> versions = new LinkedHashMap<>();
      byType.forEach((type, list) -> {
        List<Message> resources = list.stream().sorted(Comparator.comparing(XdsTypes::nameOf)).toList();
        Set<String> unique = new TreeSet<>();
        for (Message m : resources) {
          if (!unique.add(XdsTypes.nameOf(m))) {
            throw new IllegalStateException("inconsistent xDS configuration for proxy " + proxy + ": two "
                + m.getDescriptorForType().getName() + " resources are named \"" + XdsTypes.nameOf(m) + "\"");
          }
        }
        sorted.put(type, resources);
        names.put(type, Collections.unmodifiableSet(unique));
        versions.put(type, XdsVersions.of(resources, shared));
      });
      XdsConsistency.check(proxy, sorted, names);
      return new XdsResources(Collections.unmodifiableMap(sorted), Collections.unmodifiableMap(names),
          Collections.unmodifiableMap(versions));
    }
  }
}
