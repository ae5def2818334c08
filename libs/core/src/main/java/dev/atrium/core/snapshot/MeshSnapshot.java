package dev.atrium.core.snapshot;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.mesh.MeshSpec;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An immutable view of one mesh at one moment: its Mesh resource, every resource inside it by kind,
 * and the service → endpoints index that every proxy's translation reads. Built once per change and
 * shared by every translation of that mesh (safe across threads); all lists are in a fixed order
 * (resources by name, endpoints by Dataplane then port) so equal inputs translate to equal output.
 */
public final class MeshSnapshot {
  private final Resource mesh;
  private final Map<ResourceKind, List<Resource>> byKind;
  private final Map<ResourceKind, Map<String, Resource>> byName;
  /** This zone's endpoints and other zones' ingresses, by service. */
  private final Map<String, List<Endpoint>> endpoints;
  /** This zone's endpoints only, by service (what a ZoneIngress of this zone passes traffic to). */
  private final Map<String, List<Endpoint>> localEndpoints;
  private final List<Resource> zoneIngresses;
  /** Values derived from this snapshot alone, each computed once for all the translations that read it. */
  private final Map<Object, Object> derived = new ConcurrentHashMap<>();

  private MeshSnapshot(Resource mesh, Map<ResourceKind, List<Resource>> byKind,
      Map<ResourceKind, Map<String, Resource>> byName, List<Resource> zoneIngresses) {
    this.mesh = mesh;
    this.byKind = byKind;
    this.byName = byName;
    this.zoneIngresses = zoneIngresses;
    this.localEndpoints = EndpointIndex.build(byKind.getOrDefault(ResourceKind.DATAPLANE, List.of()));
    this.endpoints = mesh.specAs(MeshSpec.class).mtlsEnabled()
        ? EndpointIndex.merge(localEndpoints, EndpointIndex.remote(mesh.name(), zoneIngresses))
        : localEndpoints;
  }

  /**
   * The snapshot of {@code mesh} holding {@code resources}. Every resource must be mesh-scoped, belong
   * to this mesh and be unique by kind and name: a snapshot mixing meshes is a caller's bug, so it is
   * refused rather than filtered.
   */
  public static MeshSnapshot of(Resource mesh, Collection<Resource> resources) {
    return of(mesh, resources, List.of());
  }

  /**
   * As {@link #of(Resource, Collection)}, with the ZoneIngresses this zone knows: its own, and other
   * zones' (those with a {@code zone}), whose available services of this mesh become endpoints when the
   * mesh has mTLS on.
   */
  public static MeshSnapshot of(Resource mesh, Collection<Resource> resources, List<Resource> zoneIngresses) {
    Objects.requireNonNull(mesh, "mesh");
    for (Resource r : zoneIngresses) {
      if (r.kind() != ResourceKind.ZONE_INGRESS) throw new IllegalArgumentException(r.describe() + " is not a ZoneIngress");
    }
    if (mesh.kind() != ResourceKind.MESH) {
      throw new IllegalArgumentException("a MeshSnapshot needs a Mesh, got " + mesh.describe());
    }
    Map<ResourceKind, Map<String, Resource>> byName = new EnumMap<>(ResourceKind.class);
    for (Resource r : resources) {
      if (!r.kind().isMeshScoped()) {
        throw new IllegalArgumentException(r.describe() + " is not a mesh-scoped resource");
      }
      if (!mesh.name().equals(r.mesh())) {
        throw new IllegalArgumentException(r.describe() + " does not belong to mesh \"" + mesh.name() + "\"");
      }
      Resource previous = byName.computeIfAbsent(r.kind(), k -> new TreeMap<>()).put(r.name(), r);
      if (previous != null) throw new IllegalArgumentException(r.describe() + " appears twice");
    }
    Map<ResourceKind, List<Resource>> byKind = new EnumMap<>(ResourceKind.class);
    Map<ResourceKind, Map<String, Resource>> frozen = new EnumMap<>(ResourceKind.class);
    byName.forEach((kind, named) -> {
      // A TreeMap's values are already in name order.
      byKind.put(kind, List.copyOf(named.values()));
      frozen.put(kind, Collections.unmodifiableMap(named));
    });
    return new MeshSnapshot(mesh, Collections.unmodifiableMap(byKind), Collections.unmodifiableMap(frozen),
        List.copyOf(zoneIngresses));
  }

  /** The Mesh resource itself. */
  public Resource mesh() {
    return mesh;
  }

  /** The mesh's name. */
  public String name() {
    return mesh.name();
  }

  /** The Dataplane called {@code name}, if this mesh has one. */
  public Optional<Resource> dataplane(String name) {
    return get(ResourceKind.DATAPLANE, name);
  }

  /** The resource of {@code kind} called {@code name}, if this mesh has one. */
  public Optional<Resource> get(ResourceKind kind, String name) {
    return Optional.ofNullable(byName.getOrDefault(kind, Map.of()).get(name));
  }

  /** Every resource of {@code kind} in this mesh, sorted by name (empty for kinds it has none of). */
  public List<Resource> all(ResourceKind kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  /**
   * Where {@code service} can be reached: every Dataplane inbound tagged {@code kuma.io/service: service}
   * that is ready (not {@code health.ready: false}, not state NotReady or Ignored), and, with mTLS on,
   * every other zone's ingress that reaches instances of it ({@link Endpoint#remote()}), sorted by
   * Dataplane (or ingress) name then port. Empty when nothing serves it. Precomputed when the snapshot is
   * built.
   */
  public List<Endpoint> endpointsOf(String service) {
    return endpoints.getOrDefault(service, List.of());
  }

  /**
   * Where this zone's own proxies serve {@code service} (no other zone's ingress): what a ZoneIngress of
   * this zone passes the other zones' traffic to.
   */
  public List<Endpoint> localEndpointsOf(String service) {
    return localEndpoints.getOrDefault(service, List.of());
  }

  /** Every service this zone's own proxies serve, sorted. */
  public SortedSet<String> localServices() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(localEndpoints.keySet()));
  }

  /** The ZoneIngresses this zone knows, its own and the other zones', by name. */
  public List<Resource> zoneIngresses() {
    return zoneIngresses;
  }

  /**
   * The value {@code compute} derives from this snapshot for {@code key}: computed by the first
   * translation that asks, then shared by every other one reading this snapshot (any thread). A
   * broadcast change re-translates every proxy of the mesh against one snapshot, and most of them ask
   * the same questions — the same policies merged for the same destination — so the answer is worked
   * out once per mesh instead of once per proxy. {@code compute} must be a pure function of this
   * snapshot and {@code key} (the result is then the same whoever computed it) and must not call this
   * method itself. Lives as long as the snapshot, i.e. one batch of changes.
   */
  @SuppressWarnings("unchecked")
  public <V> V derived(Object key, Supplier<V> compute) {
    Object hit = derived.get(key);
    if (hit != null) return (V) hit;
    return (V) derived.computeIfAbsent(key, k -> compute.get());
  }

  /** Every service that has at least one endpoint, sorted. */
  public SortedSet<String> servicesWithEndpoints() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(endpoints.keySet()));
  }
}
