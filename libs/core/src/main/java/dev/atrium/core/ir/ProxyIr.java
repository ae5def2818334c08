package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything one proxy should be configured with, independent of Envoy's protos: the output of
 * {@code dev.atrium.core.translate.ProxyTranslator} and the input of {@code dev.atrium.core.xds.XdsTranslator}.
 * Lists are sorted by name whatever order they were given in, so equal configurations are equal records.
 *
 * @param mesh the mesh the proxy belongs to
 * @param dataplane the proxy's Dataplane name
 * @param services every kuma.io/service whose endpoints this configuration uses (a service without
 *     endpoints included): the xds-server indexes proxies by it to know which ones a change affects.
 *     A change to the proxy's own Dataplane or to the Mesh is a dependency of every proxy and not listed.
 * @param secrets the server certificates the listeners' filter chains name (SDS)
 * @param mtls the mesh's mTLS as this proxy uses it; null when the mesh has mTLS off (the identity
 *     and CA secrets it names are added by the xds-server, not by translation)
 * @param patches MeshProxyPatch and ProxyTemplate changes to the Envoy resources, applied after they are
 *     built (empty, and left out of the YAML, without such policies)
 * @param dns the {@code .mesh} names the proxy answers for its application (transparent proxying), else null
 */
@JsonPropertyOrder({"mesh", "dataplane", "kind", "mtls", "services", "listeners", "clusters", "endpoints", "secrets", "patches", "dns"})
public record ProxyIr(
    String mesh,
    String dataplane,
    ProxyKind kind,
    List<ListenerIr> listeners,
    List<ClusterIr> clusters,
    List<EndpointsIr> endpoints,
    SortedSet<String> services,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SecretIr> secrets,
    @JsonInclude(JsonInclude.Include.NON_NULL) MeshTlsIr mtls,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProxyPatchIr> patches,
    @JsonInclude(JsonInclude.Include.NON_NULL) DnsIr dns) {

  public ProxyIr {
    patches = patches == null ? List.of() : List.copyOf(patches);
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(dataplane, "dataplane");
    Objects.requireNonNull(kind, "kind");
    listeners = sorted(listeners, Comparator.comparing(ListenerIr::name));
    clusters = sorted(clusters, Comparator.comparing(ClusterIr::name));
    endpoints = sorted(endpoints, Comparator.comparing(EndpointsIr::cluster));
    secrets = sorted(secrets, Comparator.comparing(SecretIr::name));
    services = Collections.unmodifiableSortedSet(new TreeSet<>(services == null ? List.of() : services));
  }

  public ProxyIr(String mesh, String dataplane, ProxyKind kind, List<ListenerIr> listeners, List<ClusterIr> clusters,
      List<EndpointsIr> endpoints, SortedSet<String> services, List<SecretIr> secrets, MeshTlsIr mtls) {
    this(mesh, dataplane, kind, listeners, clusters, endpoints, services, secrets, mtls, List.of(), null);
  }

  /** This IR with {@code set} as its patches (the policy stage's MeshProxyPatch and ProxyTemplate). */
  public ProxyIr withPatches(List<ProxyPatchIr> set) {
    return new ProxyIr(mesh, dataplane, kind, listeners, clusters, endpoints, services, secrets, mtls, set, dns);
  }

  public ProxyIr(String mesh, String dataplane, ProxyKind kind, List<ListenerIr> listeners, List<ClusterIr> clusters,
      List<EndpointsIr> endpoints, SortedSet<String> services) {
    this(mesh, dataplane, kind, listeners, clusters, endpoints, services, List.of(), null);
  }

  public ProxyIr(String mesh, String dataplane, ProxyKind kind, List<ListenerIr> listeners, List<ClusterIr> clusters,
      List<EndpointsIr> endpoints, SortedSet<String> services, List<SecretIr> secrets) {
    this(mesh, dataplane, kind, listeners, clusters, endpoints, services, secrets, null);
  }

  /** "default/kong-01", for messages and logs. */
  public String describe() {
    return mesh + "/" + dataplane;
  }

  private static <T> List<T> sorted(List<T> in, Comparator<T> order) {
    return in == null ? List.of() : in.stream().sorted(order).toList();
  }
}
