package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.Objects;

/**
 * A group of upstream hosts the proxy sends traffic to.
 *
 * @param name unique within the proxy: the kuma.io/service for mesh services, {@code localhost:<port>}
 *     for the application behind an inbound
 * @param kind EDS: hosts come from {@link EndpointsIr} as a separate xDS resource; STATIC: the one
 *     host in {@code staticAddress}; ORIGINAL_DST: each connection goes where its client meant it to go
 *     before iptables redirected it to the proxy (a transparent proxy's passthrough)
 * @param service the kuma.io/service the cluster reaches (null for a local application cluster)
 * @param connectTimeout how long a TCP connect to one host may take
 * @param staticAddress the one host: the application's address (STATIC), or an ExternalService's
 *     address (STATIC for an IP, STRICT_DNS for a DNS name the proxy resolves); null for the other kinds
 * @param http whether the traffic is HTTP (http, http2 and grpc all count for now); later configurers
 *     (HTTP/2 upstream options, HTTP health checks) key off it
 * @param upstreamBindAddress the source address of the cluster's upstream connections (ORIGINAL_DST
 *     only, else null; null lets the kernel choose): the inbound passthrough connects from 127.0.0.6, so
 *     the application sees a local client and the connection is not taken for the pod's own traffic
 * @param tls the mesh TLS the cluster originates (its mesh has mTLS on), else null
 * @param externalTls the TLS the cluster originates to an ExternalService ({@code tls.enabled}), else null
 * @param policies what connection policies set on the cluster (left out of the YAML when none)
 * @param origin what made the cluster: the first route rule that forwards to it (a builtin gateway's
 *     clusters are shared by every rule naming the same backend), or the Dataplane's inbound, outbound or
 *     transparent proxy section for a sidecar's; null when unknown
 */
public record ClusterIr(
    String name, Kind kind, String service, Duration connectTimeout, SocketAddressIr staticAddress, boolean http,
    String upstreamBindAddress,
    @JsonInclude(JsonInclude.Include.NON_NULL) UpstreamTlsIr tls,
    @JsonInclude(JsonInclude.Include.NON_NULL) Origin origin,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = PoliciesIr.Empty.class) PoliciesIr policies,
    @JsonInclude(JsonInclude.Include.NON_NULL) ExternalTlsIr externalTls) {

  public enum Kind { EDS, STATIC, STRICT_DNS, ORIGINAL_DST }

  /** The timeout Kuma gives clusters when no policy says otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The timeout of Kuma's passthrough clusters (its DefaultTimeout, longer: the destination may be anywhere). */
  public static final Duration PASSTHROUGH_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public ClusterIr {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    policies = policies == null ? PoliciesIr.NONE : policies;
    if ((kind == Kind.STATIC || kind == Kind.STRICT_DNS) != (staticAddress != null)) {
      throw new IllegalArgumentException("cluster " + name + ": an address is required for STATIC and STRICT_DNS, and only for them");
    }
    if (tls != null && externalTls != null) {
      throw new IllegalArgumentException("cluster " + name + ": mesh TLS and an ExternalService's TLS exclude each other");
    }
    if (upstreamBindAddress != null && kind != Kind.ORIGINAL_DST) {
      throw new IllegalArgumentException("cluster " + name + ": only an ORIGINAL_DST cluster binds its upstream source");
    }
  }

  public ClusterIr(String name, Kind kind, String service, Duration connectTimeout, SocketAddressIr staticAddress,
      boolean http, String upstreamBindAddress, UpstreamTlsIr tls, Origin origin, PoliciesIr policies) {
    this(name, kind, service, connectTimeout, staticAddress, http, upstreamBindAddress, tls, origin, policies, null);
  }

  public ClusterIr(String name, Kind kind, String service, Duration connectTimeout, SocketAddressIr staticAddress,
      boolean http, String upstreamBindAddress, UpstreamTlsIr tls, Origin origin) {
    this(name, kind, service, connectTimeout, staticAddress, http, upstreamBindAddress, tls, origin, PoliciesIr.NONE);
  }

  public ClusterIr(String name, Kind kind, String service, Duration connectTimeout, SocketAddressIr staticAddress,
      boolean http, String upstreamBindAddress) {
    this(name, kind, service, connectTimeout, staticAddress, http, upstreamBindAddress, null, null);
  }

  public ClusterIr(String name, Kind kind, String service, Duration connectTimeout, SocketAddressIr staticAddress,
      boolean http) {
    this(name, kind, service, connectTimeout, staticAddress, http, null, null, null);
  }

  /** This cluster with {@code origin} as what made it. */
  public ClusterIr withOrigin(Origin origin) {
    return new ClusterIr(name, kind, service, connectTimeout, staticAddress, http, upstreamBindAddress, tls, origin, policies, externalTls);
  }

  /** This cluster originating mesh TLS as {@code upstream} says (null: plaintext). */
  public ClusterIr withTls(UpstreamTlsIr upstream) {
    return new ClusterIr(name, kind, service, connectTimeout, staticAddress, http, upstreamBindAddress, upstream, origin, policies,
        externalTls);
  }

  /**
   * This cluster with what connection policies set on it; a policy's connect timeout replaces the
   * translation's ({@code connectTimeout} stays the one value Envoy gets).
   */
  public ClusterIr withPolicies(PoliciesIr set, Duration connect) {
    return new ClusterIr(name, kind, service, connect == null ? connectTimeout : connect, staticAddress, http,
        upstreamBindAddress, tls, origin, set, externalTls);
  }

  public static ClusterIr eds(String name, String service, boolean http) {
    return new ClusterIr(name, Kind.EDS, service, DEFAULT_CONNECT_TIMEOUT, null, http);
  }

  public static ClusterIr local(String name, SocketAddressIr address, boolean http) {
    return new ClusterIr(name, Kind.STATIC, null, DEFAULT_CONNECT_TIMEOUT, address, http);
  }

  /**
   * An ExternalService's cluster: its one address, resolved by the proxy when {@code dns} (Envoy's
   * STRICT_DNS: re-resolved as DNS changes), with the TLS it originates ({@code tls}, null: plaintext).
   */
  public static ClusterIr external(String name, String service, SocketAddressIr address, boolean dns, boolean http,
      ExternalTlsIr tls, Origin origin) {
    return new ClusterIr(name, dns ? Kind.STRICT_DNS : Kind.STATIC, service, DEFAULT_CONNECT_TIMEOUT, address, http,
        null, null, origin, PoliciesIr.NONE, tls);
  }

  /**
   * A passthrough: every connection to its original destination, bytes untouched, from
   * {@code sourceAddress} (null: any).
   */
  public static ClusterIr originalDestination(String name, String sourceAddress) {
    return new ClusterIr(name, Kind.ORIGINAL_DST, null, PASSTHROUGH_CONNECT_TIMEOUT, null, false, sourceAddress);
  }

  /** An IP address and port. */
  public record SocketAddressIr(String address, int port) {
    public SocketAddressIr {
      Objects.requireNonNull(address, "address");
    }
  }
}
