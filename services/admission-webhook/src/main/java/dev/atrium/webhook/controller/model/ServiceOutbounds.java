package dev.atrium.webhook.controller.model;

import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import dev.atrium.core.model.dataplane.DataplaneSpec.Outbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.TransparentProxying;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The outbounds a Pod's Dataplane gets for the cluster's mesh Services, as Kuma's PodConverter writes
 * them into the Dataplane (OutboundInterfacesFor, Kuma's path with {@code kubeOutboundsAsVIPs} off):
 * one per {@code kuma.io/service} that some Dataplane of the same mesh offers on an inbound that is not
 * Ignored, when that tag is Kuma's Kubernetes name {@code <service>_<namespace>_svc_<port>} of a Service
 * that exists — {@code address: <ClusterIP>, port: <port>, tags: {kuma.io/service: <tag>}}. A headless
 * Service has no ClusterIP: one outbound per endpoint instead (its address and inbound port, tagged with
 * its {@code kuma.io/instance}), the Pod's own address left out (it would clash with its inbound).
 *
 * <p>Only Dataplanes whose outgoing traffic is redirected get them ({@code transparentProxying} with a
 * {@code redirectPortOutbound}): the listeners on a ClusterIP bind nothing and take their connections
 * from the redirect port; without redirection Envoy would have to bind an address that is not the
 * Pod's and would refuse the whole listener update. Builtin gateways route with their own clusters.
 * With {@code reachableServices} only those tags. An outbound on a redirect port is left out (the
 * Validator refuses that port twice, and nothing the application dials on it would reach the mesh:
 * the redirect listener owns it).
 */
public final class ServiceOutbounds {
  private ServiceOutbounds() {}

  /** One address:port where a service is served (an inbound), with its kuma.io/instance tag ("" when none). */
  public record Endpoint(String address, int port, String instance) implements Comparable<Endpoint> {
    @Override
    public int compareTo(Endpoint o) {
      int c = address.compareTo(o.address);
      if (c != 0) return c;
      c = Integer.compare(port, o.port);
      return c != 0 ? c : instance.compareTo(o.instance);
    }
  }

  /** A Kubernetes service tag taken apart: {@code <name>_<namespace>_svc_<port>}. */
  public record ServiceRef(String name, String namespace, int port) {}

  /** Finds a Service of the cluster by namespace and name (null when there is none). */
  @FunctionalInterface
  public interface ServiceLookup {
    Service get(String namespace, String name);
  }

  /** Every service one mesh's Dataplanes offer, with the endpoints of each; built once per store change. */
  public static final class MeshEndpoints {
    private final Map<String, SortedSet<Endpoint>> byService;

    private MeshEndpoints(Map<String, SortedSet<Endpoint>> byService) {
      this.byService = byService;
    }

    public static MeshEndpoints of(Collection<DataplaneSpec> dataplanes) {
      Map<String, SortedSet<Endpoint>> byService = new TreeMap<>();
      dataplanes.forEach(dp -> offered(dp).forEach((svc, eps) -> byService.computeIfAbsent(svc, s -> new TreeSet<>()).addAll(eps)));
      return new MeshEndpoints(byService);
    }

    /** These endpoints plus what {@code dataplane} offers (a Dataplane about to be written counts already). */
    public MeshEndpoints with(DataplaneSpec dataplane) {
      Map<String, Set<Endpoint>> own = offered(dataplane);
      // Usually the stored copy of the Dataplane already offers all of it: no copy of the index then.
      if (own.entrySet().stream().allMatch(e -> endpoints(e.getKey()).containsAll(e.getValue()))) return this;
      Map<String, SortedSet<Endpoint>> copy = new TreeMap<>();
      byService.forEach((svc, eps) -> copy.put(svc, new TreeSet<>(eps)));
      own.forEach((svc, eps) -> copy.computeIfAbsent(svc, s -> new TreeSet<>()).addAll(eps));
      return new MeshEndpoints(copy);
    }

    public Set<String> services() {
      return byService.keySet();
    }

    SortedSet<Endpoint> endpoints(String service) {
      return byService.getOrDefault(service, new TreeSet<>());
    }
  }

  /** The outbounds {@code dataplane} should have, sorted by service tag then address and port. */
  public static List<Outbound> of(DataplaneSpec dataplane, MeshEndpoints mesh, ServiceLookup services) {
    Networking networking = dataplane.networking();
    if (networking == null || dataplane.isBuiltinGateway()) return List.of();
    TransparentProxying tp = networking.transparentProxying();
    if (tp == null || tp.redirectPortOutbound() == null) return List.of();
    Set<Integer> redirectPorts = new HashSet<>();
    redirectPorts.add(tp.redirectPortOutbound());
    if (tp.redirectPortInbound() != null) redirectPorts.add(tp.redirectPortInbound());
    Set<String> reachable = Set.copyOf(tp.reachableServices());

    List<Outbound> out = new ArrayList<>();
    Set<String> taken = new HashSet<>(); // address:port, first (by tag) wins
    for (String tag : mesh.services()) {
      if (!reachable.isEmpty() && !reachable.contains(tag)) continue;
      Optional<ServiceRef> ref = parse(tag);
      if (ref.isEmpty()) continue; // a universal name, or a service-less one (<workload>_<ns>_svc): no Service to dial
      Service svc = services.get(ref.get().namespace(), ref.get().name());
      if (svc == null || svc.getSpec() == null) continue;
      String clusterIp = svc.getSpec().getClusterIP();
      if (isHeadless(svc)) {
        for (Endpoint e : mesh.endpoints(tag)) {
          if (e.address().equals(networking.address())) continue;
          Map<String, String> tags = new TreeMap<>(Map.of(KumaNames.SERVICE_TAG, tag));
          if (!e.instance().isEmpty()) tags.put(KumaNames.INSTANCE_TAG, e.instance());
          add(out, taken, redirectPorts, new Outbound(e.address(), e.port(), tags, null));
        }
      } else if (clusterIp != null && !clusterIp.isEmpty()) {
        add(out, taken, redirectPorts, new Outbound(clusterIp, ref.get().port(), Map.of(KumaNames.SERVICE_TAG, tag), null));
      }
    }
    return out;
  }

  private static void add(List<Outbound> out, Set<String> taken, Set<Integer> redirectPorts, Outbound o) {
    if (redirectPorts.contains(o.port())) return;
    if (taken.add(o.address() + ":" + o.port())) out.add(o);
  }

  /**
   * Whether a change of one Dataplane (either side null when it appeared or went) can change other
   * Dataplanes' outbounds: a service offered or no longer offered, or an endpoint of a headless
   * Service (those are outbounds of their own). A new endpoint of a ClusterIP Service is not: it only
   * reaches Envoy through EDS.
   */
  public static boolean changesOutbounds(DataplaneSpec before, DataplaneSpec after, Predicate<String> headless) {
    Map<String, Set<Endpoint>> b = offered(before);
    Map<String, Set<Endpoint>> a = offered(after);
    if (!b.keySet().equals(a.keySet())) return true;
    return b.keySet().stream().anyMatch(svc -> !b.get(svc).equals(a.get(svc)) && headless.test(svc));
  }

  /** {@code <name>_<namespace>_svc_<port>}, or empty for any other form (Kuma's parseService). */
  public static Optional<ServiceRef> parse(String tag) {
    String[] parts = tag.split("_", -1);
    if (parts.length != 4 || !parts[2].equals("svc") || parts[0].isEmpty() || parts[1].isEmpty()) return Optional.empty();
    try {
      int port = Integer.parseInt(parts[3]);
      return port > 0 && port < 65536 ? Optional.of(new ServiceRef(parts[0], parts[1], port)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static boolean isHeadless(Service svc) {
    return svc.getSpec() != null && "None".equals(svc.getSpec().getClusterIP());
  }

  /** The services a Dataplane offers and where: its inbounds that are not Ignored, by kuma.io/service. */
  static Map<String, Set<Endpoint>> offered(DataplaneSpec dp) {
    Map<String, Set<Endpoint>> out = new TreeMap<>();
    if (dp == null || dp.networking() == null) return out;
    for (Inbound in : dp.networking().inbound()) {
      if (in.state() == Inbound.State.Ignored || in.port() == null) continue;
      String svc = in.tags().get(KumaNames.SERVICE_TAG);
      if (svc == null) continue;
      String address = in.address() != null && !in.address().isEmpty() ? in.address() : dp.networking().address();
      out.computeIfAbsent(svc, s -> new TreeSet<>())
          .add(new Endpoint(Objects.requireNonNullElse(address, ""), in.port(),
              in.tags().getOrDefault(KumaNames.INSTANCE_TAG, "")));
    }
    return out;
  }
}
