package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.snapshot.KumaTags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which proxies a policy's targetRefs name, as Kuma 2.14 decides it (its
 * {@code DppSelectedByPolicy}). The top-level targetRef selects where a policy applies — an inbound of
 * a Dataplane, or a listener of a builtin gateway; {@code from}/{@code to} targetRefs name callers or
 * destinations as a tag subset ({@link #subset}). Every connection policy matches through here, so a
 * kind means the same thing for all of them.
 */
public final class TargetRefMatcher {
  private TargetRefMatcher() {}

  public static final String POLICY_ROLE_LABEL = "kuma.io/policy-role";

  /**
   * Whether a policy's top-level targetRef selects the inbound of {@code dataplane} with tags
   * {@code inboundTags}: Mesh (or absent) every one; MeshSubset those carrying its tags; MeshService those
   * whose {@code kuma.io/service} is its name; MeshServiceSubset both; Dataplane every Dataplane (no
   * name and no labels), the one it names ({@code name}, or {@code name.namespace} as Kubernetes names
   * Dataplanes) or those carrying its labels, narrowed to one inbound by {@code sectionName} (the
   * inbound's name or port). Mesh and MeshSubset honour {@code proxyTypes}. A builtin gateway has no
   * inbounds to select, and MeshGateway selects no inbound.
   */
  public static boolean selectsInbound(TargetRef ref, Resource dataplane, Map<String, String> inboundTags) {
    DataplaneSpec spec = dataplane.specAs(DataplaneSpec.class);
    if (spec.isBuiltinGateway()) return false;
    String kind = Specificity.kindOf(ref);
    return switch (kind) {
      case Specificity.MESH -> proxyTypeSupported(ref, spec);
      case Specificity.MESH_SUBSET -> proxyTypeSupported(ref, spec) && tagsMatch(ref.tags(), inboundTags);
      case Specificity.MESH_SERVICE -> nonNull(ref.name()).equals(inboundTags.get(KumaTags.SERVICE));
      case Specificity.MESH_SERVICE_SUBSET ->
          nonNull(ref.name()).equals(inboundTags.get(KumaTags.SERVICE)) && tagsMatch(ref.tags(), inboundTags);
      case Specificity.DATAPLANE -> selectsDataplane(ref, dataplane) && selectsSection(ref, spec, inboundTags);
      default -> false;
    };
  }

  /**
   * Whether a policy's top-level targetRef selects the proxy at all — what a {@code to} policy needs
   * (Kuma's DppSelectedByPolicy finding any inbound, listener or delegated gateway): Mesh (honouring
   * {@code proxyTypes}) every proxy; Dataplane a sidecar or delegated gateway it names or labels;
   * MeshSubset / MeshService / MeshServiceSubset a proxy with an inbound carrying those tags, a delegated
   * gateway whose gateway tags carry them, or a builtin gateway with a listener whose merged tags do;
   * MeshGateway a builtin gateway configured by that MeshGateway with a listener its tags select.
   * {@code gateway}: the builtin gateway's resolved policies (empty for other proxies).
   */
  public static boolean selectsProxy(TargetRef ref, Resource dataplane, java.util.Optional<GatewayPolicies> gateway) {
    DataplaneSpec spec = dataplane.specAs(DataplaneSpec.class);
    String kind = Specificity.kindOf(ref);
    Map<String, String> tags;
    switch (kind) {
      case Specificity.MESH -> { return proxyTypeSupported(ref, spec); }
      case Specificity.DATAPLANE -> { return !spec.isBuiltinGateway() && selectsDataplane(ref, dataplane); }
      case Specificity.MESH_GATEWAY -> {
        return gateway.isPresent() && gateway.get().listeners().stream()
            .anyMatch(l -> selectsGatewayListener(ref, gateway.get().gateway().name(), l.tags()));
      }
      case Specificity.MESH_SUBSET -> {
        if (!proxyTypeSupported(ref, spec)) return false;
        tags = ref.tags();
      }
      case Specificity.MESH_SERVICE, Specificity.MESH_SERVICE_SUBSET -> tags = subset(ref).orElseThrow();
      default -> { return false; }
    }
    if (spec.isBuiltinGateway()) {
      return gateway.isPresent() && gateway.get().listeners().stream().anyMatch(l -> tagsMatch(tags, l.tags()));
    }
    if (spec.isGateway()) return tagsMatch(tags, spec.networking().gateway().tags());
    return spec.networking() != null && spec.networking().inbound().stream().anyMatch(i -> tagsMatch(tags, i.tags()));
  }

  /**
   * Whether a top-level targetRef {@code kind: MeshGateway} names {@code gateway} and its tags (if any)
   * all equal the listener's merged tags (Dataplane gateway tags ∪ gateway tags ∪ listener tags).
   */
  public static boolean selectsGatewayListener(TargetRef ref, String gateway, Map<String, String> listenerTags) {
    if (ref == null || !Specificity.MESH_GATEWAY.equals(ref.kind()) || !gateway.equals(ref.name())) return false;
    return ref.tags().entrySet().stream().allMatch(t -> t.getValue().equals(listenerTags.get(t.getKey())));
  }

  /** Kuma's label naming a resource's Kubernetes namespace. */
  public static final String NAMESPACE_LABEL = "k8s.kuma.io/namespace";

  /**
   * Whether a policy may apply to the Dataplane's namespace at all: a consumer or workload-owner policy
   * (its {@code kuma.io/policy-role} label) only to Dataplanes of its own namespace; system and producer
   * policies everywhere (Kuma's dppSelectedByNamespace).
   */
  public static boolean namespaceAllows(Resource policy, Resource dataplane) {
    String role = policy.meta().labels().get(POLICY_ROLE_LABEL);
    if (!"consumer".equals(role) && !"workload-owner".equals(role)) return true;
    String namespace = policy.meta().labels().get(NAMESPACE_LABEL);
    return namespace != null && namespace.equals(dataplane.meta().labels().get(NAMESPACE_LABEL));
  }

  /** Whether a route or policy with these labels applies to proxies of every namespace (Kuma's system role). */
  public static boolean isSystemRole(Map<String, String> labels) {
    String role = labels.get(POLICY_ROLE_LABEL);
    return role == null || role.isEmpty() || role.equals("system");
  }

  /**
   * The tags a {@code from}/{@code to} targetRef names (Kuma's subset): Mesh none (everyone),
   * MeshSubset its tags, MeshService {@code kuma.io/service: name}, MeshServiceSubset both; empty for
   * kinds that name no tag subset.
   */
  public static Optional<Map<String, String>> subset(TargetRef ref) {
    String kind = Specificity.kindOf(ref);
    Map<String, String> tags = new LinkedHashMap<>();
    switch (kind) {
      case Specificity.MESH -> { }
      case Specificity.MESH_SUBSET -> tags.putAll(ref.tags());
      case Specificity.MESH_SERVICE -> tags.put(KumaTags.SERVICE, nonNull(ref.name()));
      case Specificity.MESH_SERVICE_SUBSET -> {
        tags.put(KumaTags.SERVICE, nonNull(ref.name()));
        tags.putAll(ref.tags());
      }
      default -> { return Optional.empty(); }
    }
    return Optional.of(dev.atrium.core.model.Collect.map(tags));
  }

  /** Kuma's TagSelector: every tag present with that value, {@code *} any value. */
  public static boolean tagsMatch(Map<String, String> selector, Map<String, String> tags) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      String value = tags.get(e.getKey());
      if (value == null || (!"*".equals(e.getValue()) && !e.getValue().equals(value))) return false;
    }
    return true;
  }

  private static boolean selectsDataplane(TargetRef ref, Resource dataplane) {
    boolean named = Specificity.notEmpty(ref.name());
    if (!named && !Specificity.notEmpty(ref.namespace()) && ref.labels().isEmpty()) return true;
    if (named) {
      String full = Specificity.notEmpty(ref.namespace()) ? ref.name() + "." + ref.namespace() : ref.name();
      return dataplane.name().equals(full) || dataplane.name().equals(ref.name());
    }
    if (ref.labels().isEmpty()) return false;
    Map<String, String> labels = dataplane.meta().labels();
    return ref.labels().entrySet().stream().allMatch(l -> l.getValue().equals(labels.get(l.getKey())));
  }

  /** No sectionName: every inbound; else the inbound with these tags must have that name (or port). */
  private static boolean selectsSection(TargetRef ref, DataplaneSpec spec, Map<String, String> inboundTags) {
    if (!Specificity.notEmpty(ref.sectionName())) return true;
    if (spec.networking() == null) return false;
    return spec.networking().inbound().stream()
        .filter(i -> i.tags().equals(inboundTags))
        .anyMatch(i -> ref.sectionName().equals(i.name())
            || (i.port() != null && ref.sectionName().equals(String.valueOf(i.port()))));
  }

  private static boolean proxyTypeSupported(TargetRef ref, DataplaneSpec spec) {
    if (ref == null || ref.proxyTypes().isEmpty()) return true;
    return ref.proxyTypes().contains(spec.isGateway() ? "Gateway" : "Sidecar");
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
