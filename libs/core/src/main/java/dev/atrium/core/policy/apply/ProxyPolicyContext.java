package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.WeightedCluster;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.policy.FromConfs;
import dev.atrium.core.policy.GatewayPolicies;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.ToConfs;
import dev.atrium.core.policy.PolicyKind;
import dev.atrium.core.policy.Specificity;
import dev.atrium.core.policy.TargetRefMatcher;
import dev.atrium.core.policy.TargetedPolicies;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.model.route.TargetRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a {@link PolicyPlugin} may ask about the proxy being configured: which policies of a kind
 * select it (in merge order, computed once per kind), which select a builtin gateway's port, and which
 * services a route or cluster sends to. All matching goes through the policy stage's shared resolver.
 */
public final class ProxyPolicyContext {
  private final MeshSnapshot mesh;
  private final Resource dataplane;
  private final Optional<GatewayPolicies> gateway;
  private final Map<String, ClusterIr> clusters;
  private final Map<PolicyKind<?, ?>, List<Resource>> selecting = new HashMap<>();
  /** {@link #selectingPort} per kind and port: a gateway asks it once per route, thousands of times per port. */
  private final Map<KindOnPort, List<Resource>> selectingPort = new HashMap<>();
  /** {@link #destinations(RouteRuleIr)} of a route to one cluster, by that cluster: thousands of routes share a few. */
  private final Map<String, List<Map<String, String>>> clusterDestinations = new HashMap<>();

  private record KindOnPort(PolicyKind<?, ?> kind, int port) {}

  ProxyPolicyContext(MeshSnapshot mesh, Resource dataplane, Optional<GatewayPolicies> gateway, List<ClusterIr> clusters) {
    this.mesh = mesh;
    this.dataplane = dataplane;
    this.gateway = gateway;
    this.clusters = new HashMap<>();
    clusters.forEach(c -> this.clusters.put(c.name(), c));
  }

  /** The mesh being configured (its name, its Mesh resource's settings). */
  public MeshSnapshot mesh() {
    return mesh;
  }

  /** The proxy's Dataplane. */
  public Resource dataplane() {
    return dataplane;
  }

  /**
   * A delegated gateway: the API gateway's sidecar. Its outbounds take the {@code to} entries Kuma
   * allows only where the scope includes gateways (MeshRateLimit, MeshFaultInjection) — Kuma accepts
   * such a policy for a delegated gateway and then configures nothing; Atrium limits what leaves it.
   */
  public boolean delegatedGateway() {
    DataplaneSpec spec = dataplane.specAs(DataplaneSpec.class);
    return spec.isGateway() && spec.networking().gateway().effectiveType() == DataplaneSpec.GatewayType.DELEGATED;
  }

  /** The policies of {@code kind} whose top-level targetRef selects this proxy, least specific first. */
  public List<Resource> selecting(PolicyKind<?, ?> kind) {
    return selecting.computeIfAbsent(kind, k ->
        TargetedPolicies.forProxy(mesh.all(k.kind()), k::topLevelOf, dataplane, gateway));
  }

  /**
   * Of {@link #selecting}, those that select the builtin gateway's listeners on {@code port}: a
   * MeshGateway targetRef whose listener tags one of them carries, a MeshSubset/MeshService one whose tags
   * one of them carries; Mesh and the others select every port. Other proxies: {@link #selecting}.
   */
  public List<Resource> selectingPort(PolicyKind<?, ?> kind, int port) {
    if (gateway.isEmpty()) return selecting(kind);
    return selectingPort.computeIfAbsent(new KindOnPort(kind, port), k -> gatewayPortSelecting(kind, port));
  }

  private List<Resource> gatewayPortSelecting(PolicyKind<?, ?> kind, int port) {
    GatewayPolicies gw = gateway.get();
    List<Map<String, String>> portTags = gw.listeners().stream()
        .filter(l -> l.translated() && l.listener().port() != null && l.listener().port() == port)
        .map(GatewayPolicies.ListenerPolicies::tags)
        .toList();
    List<Resource> out = new ArrayList<>();
    for (Resource p : selecting(kind)) {
      TargetRef ref = kind.topLevelOf(p);
      boolean selects = switch (Specificity.kindOf(ref)) {
        case Specificity.MESH_GATEWAY -> portTags.stream()
            .anyMatch(t -> TargetRefMatcher.selectsGatewayListener(ref, gw.gateway().name(), t));
        case Specificity.MESH_SUBSET, Specificity.MESH_SERVICE, Specificity.MESH_SERVICE_SUBSET -> {
          Map<String, String> tags = Specificity.MESH_SUBSET.equals(ref.kind())
              ? ref.tags() : TargetRefMatcher.subset(ref).orElse(Map.of());
          yield portTags.stream().anyMatch(t -> TargetRefMatcher.tagsMatch(tags, t));
        }
        default -> true;
      };
      if (selects) out.add(p);
    }
    return out;
  }



  /**
   * The policies of {@code kind} whose top-level targetRef selects the sidecar inbound {@code listener}
   * serves (by the dataplane inbound's tags), least specific first; empty when no inbound has its
   * address and port.
   */
  public List<Resource> selectingInbound(PolicyKind<?, ?> kind, ListenerIr listener) {
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    if (networking == null) return List.of();
    for (DataplaneSpec.Inbound inbound : networking.inbound()) {
      String address = inbound.address() != null && !inbound.address().isEmpty() ? inbound.address() : networking.address();
      if (inbound.port() != null && inbound.port() == listener.port() && listener.address().equals(address)) {
        return TargetedPolicies.forInbound(mesh.all(kind.kind()), kind::topLevelOf, dataplane, inbound.tags());
      }
    }
    return List.of();
  }

  /**
   * The tag sets a legacy policy's {@code sources} are matched against for traffic {@code listener}
   * sends: at a builtin gateway the tags of the listeners on its port (Dataplane gateway tags ∪ MeshGateway
   * tags ∪ listener tags); elsewhere the proxy's own ({@link #legacySources()}).
   */
  public List<Map<String, String>> legacySources(ListenerIr listener) {
    if (gateway.isEmpty() || listener.direction() != ListenerIr.Direction.GATEWAY) return legacySources();
    return gateway.get().listeners().stream()
        .filter(l -> l.translated() && l.listener().port() != null && l.listener().port() == listener.port())
        .map(GatewayPolicies.ListenerPolicies::tags)
        .toList();
  }

  /**
   * The proxy's tag sets for legacy {@code sources} (Kuma's Dataplane.Matches): each inbound's tags, a
   * delegated gateway's tags, or at a builtin gateway every translated listener's tags (its clusters are
   * shared by all of them).
   */
  public List<Map<String, String>> legacySources() {
    if (gateway.isPresent()) {
      return gateway.get().listeners().stream().filter(GatewayPolicies.ListenerPolicies::translated)
          .map(GatewayPolicies.ListenerPolicies::tags).toList();
    }
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    if (networking == null) return List.of();
    if (networking.gateway() != null) return List.of(networking.gateway().tags());
    return networking.inbound().stream().map(DataplaneSpec.Inbound::tags).toList();
  }

  /**
   * {@code destination} with the kuma.io/protocol its service's endpoints agree on, when they do: legacy
   * FaultInjection destinations must name a protocol (Kuma matches them against inbound tags, which carry it).
   */
  public Map<String, String> withProtocol(Map<String, String> destination) {
    String service = destination.get(KumaTags.SERVICE);
    if (service == null) return destination;
    List<String> protocols = mesh.endpointsOf(service).stream()
        .map(e -> e.tags().get(KumaTags.PROTOCOL)).distinct().toList();
    if (protocols.size() != 1 || protocols.get(0) == null) return destination;
    Map<String, String> out = new java.util.TreeMap<>(destination);
    out.put(KumaTags.PROTOCOL, protocols.get(0));
    return out;
  }

  /** Every resource of {@code kind} in the mesh (legacy policies select by {@code sources}, not a targetRef). */
  public List<Resource> all(dev.atrium.core.model.ResourceKind kind) {
    return mesh.all(kind);
  }

  /**
   * The {@code to} entries of {@code selecting} (policies of {@code kind} in merge order) merged for
   * traffic to {@code destinations} ({@link ToConfs#forDestinations}). Worked out once per snapshot for
   * each distinct question: with a Mesh-wide policy every proxy asks the same one per destination.
   */
  public <S extends ResourceSpec, C> MergedConf<C> mergedTo(PolicyKind<S, C> kind, List<Resource> selecting,
      List<Map<String, String>> destinations) {
    return mesh.derived(MergeQuestion.of(kind.kind(), true, selecting, destinations),
        () -> ToConfs.forDestinations(ToConfs.entries(kind, selecting), destinations, kind.confType()));
  }

  /** As {@link #mergedTo}, for the {@code from} entries that apply to callers carrying {@code callerTags} ({@link FromConfs#forCallers}). */
  public <S extends ResourceSpec, C> MergedConf<C> mergedFrom(PolicyKind<S, C> kind, List<Resource> selecting,
      Map<String, String> callerTags) {
    return mesh.derived(MergeQuestion.of(kind.kind(), false, selecting, callerTags),
        () -> FromConfs.forCallers(FromConfs.entries(kind, selecting), callerTags, kind.confType()));
  }

  /**
   * What a plugin makes of a merged conf ({@link #mergedTo}/{@link #mergedFrom}) for one kind of place,
   * worked out once per snapshot: the merged confs are shared, so every proxy's route or cluster to the
   * same destination would otherwise rebuild the same record. {@code compute} must depend on the merged
   * conf alone; its result (null: nothing to set) is shared by every translation of the snapshot, so it
   * must not be changed afterwards.
   */
  public <C, V> V fromMerged(String place, MergedConf<C> merged, java.util.function.Function<MergedConf<C>, V> compute) {
    return mesh.derived(new FromMerged(place, merged), () -> Optional.ofNullable(compute.apply(merged))).orElse(null);
  }

  /** A {@link #fromMerged} key: the place and the very merged conf instance (shared per snapshot). */
  private record FromMerged(String place, MergedConf<?> merged) {
    @Override
    public boolean equals(Object o) {
      return o instanceof FromMerged other && other.merged == merged && other.place.equals(place);
    }

    @Override
    public int hashCode() {
      return 31 * place.hashCode() + System.identityHashCode(merged);
    }
  }

  /** The tags of each service {@code route} forwards to (one per distinct service); empty for other actions. */
  public List<Map<String, String>> destinations(RouteRuleIr route) {
    if (route.cluster() != null) {
      return clusterDestinations.computeIfAbsent(route.cluster(), c -> destinations(Stream.of(c)));
    }
    return destinations(route.weightedClusters().stream().map(WeightedCluster::cluster));
  }

  /** The tags of each service the named clusters reach (one per distinct service; a TCP listener's clusters). */
  public List<Map<String, String>> destinations(Stream<String> names) {
    Set<String> services = new LinkedHashSet<>();
    names.map(clusters::get).filter(c -> c != null && c.service() != null).forEach(c -> services.add(c.service()));
    return services.stream().map(s -> Map.of(KumaTags.SERVICE, s)).toList();
  }

  /** The tags of the service {@code cluster} reaches; empty for a local application or passthrough cluster. */
  public List<Map<String, String>> destinations(ClusterIr cluster) {
    return cluster.service() == null ? List.of() : List.of(Map.of(KumaTags.SERVICE, cluster.service()));
  }



  /** Whether {@code listener} sends requests to the mesh's services: a sidecar's or delegated gateway's outbound, or a builtin gateway's. */
  public static boolean forwardsToMesh(ListenerIr listener) {
    return listener.direction() == ListenerIr.Direction.OUTBOUND || listener.direction() == ListenerIr.Direction.GATEWAY;
  }
}
