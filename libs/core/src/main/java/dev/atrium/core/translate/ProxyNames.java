package dev.atrium.core.translate;

/**
 * How the names of a proxy's listeners, clusters and route configurations are formed (Kuma's
 * conventions, so that stats and config dumps read the same as Kuma's).
 */
public final class ProxyNames {
  private ProxyNames() {}

  /** The address the application behind an inbound listens on when its Dataplane does not say. */
  public static final String DEFAULT_SERVICE_ADDRESS = "127.0.0.1";

  /** The address an outbound listener binds when its Dataplane does not say. */
  public static final String DEFAULT_OUTBOUND_ADDRESS = "127.0.0.1";

  /** A transparent proxy's redirect ports listen on every IPv4 address. */
  public static final String ALL_IPV4 = "0.0.0.0";

  /** The virtual listener of a transparent proxy's outbound redirect port, and its passthrough cluster (Kuma's names). */
  public static final String OUTBOUND_PASSTHROUGH = "outbound:passthrough:ipv4";

  /** The virtual listener of a transparent proxy's inbound redirect port, and its passthrough cluster (Kuma's names). */
  public static final String INBOUND_PASSTHROUGH = "inbound:passthrough:ipv4";

  /** The source of inbound passthrough connections (Kuma's): local to the application, and never redirected again. */
  public static final String INBOUND_PASSTHROUGH_SOURCE = "127.0.0.6";

  /** {@code inbound:10.0.0.2:10001}: the listener in front of the application. */
  public static String inboundListener(String address, int port) {
    return "inbound:" + address + ":" + port;
  }

  /** {@code outbound:127.0.0.1:33033}: the listener the application (or gateway) sends mesh traffic to. */
  public static String outboundListener(String address, int port) {
    return "outbound:" + address + ":" + port;
  }

  /** Each listener has its own route configuration, named like the listener. */
  public static String routeConfiguration(String listenerName) {
    return listenerName;
  }

  /** A mesh service's cluster is named after its kuma.io/service tag: {@code backend}. */
  public static String serviceCluster(String service) {
    return service;
  }

  /** {@code default:backend}: a ZoneIngress's cluster of one service of one mesh (Kuma's name). */
  public static String ingressCluster(String mesh, String service) {
    return mesh + ":" + service;
  }

  /** {@code edge-gateway_other-mesh}: the cluster of a cross-mesh gateway service of another mesh. */
  public static String crossMeshCluster(String service, String mesh) {
    return service + "_" + mesh;
  }

  /**
   * The cluster of the endpoints of {@code service} with the tags {@code subset}: {@code backend-<8 hex>}
   * (the SHA-256 of the sorted tags), so tag values with dots or colons stay out of Envoy's stat names.
   */
  public static String subsetCluster(String service, java.util.Map<String, String> subset) {
    StringBuilder tags = new StringBuilder();
    new java.util.TreeMap<>(subset).forEach((k, v) -> tags.append(k).append('=').append(v).append('\n'));
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(tags.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return service + "-" + java.util.HexFormat.of().formatHex(hash).substring(0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The application behind an inbound: {@code localhost:<port>} when it listens on the default
   * loopback address, else {@code <address>:<port>}, so two inbounds share a cluster exactly when they
   * reach the same application socket.
   */
  public static String localCluster(String address, int port) {
    return (DEFAULT_SERVICE_ADDRESS.equals(address) ? "localhost" : address) + ":" + port;
  }

  /** {@code edge-gateway:HTTP:8080}: a builtin gateway's listener, one per port (Kuma's name). */
  public static String gatewayListener(String gateway, String protocol, int port) {
    return gateway + ":" + protocol + ":" + port;
  }

  /** {@code edge-gateway:HTTP:8080:*}: the route configuration of a gateway's HTTP listener, all hostnames in one. */
  public static String gatewayRouteConfiguration(String listenerName) {
    return listenerName + ":*";
  }

  /** {@code edge-gateway:HTTPS:8443:foo.example.com}: the route configuration of one hostname of a gateway's HTTPS listener. */
  public static String gatewayHostRouteConfiguration(String listenerName, String hostname) {
    return listenerName + ":" + hostname;
  }

  /** {@code cert.rsa:secret:foo-cert}: an SDS server certificate, named by key type, source kind and id (Kuma's scheme). */
  public static String serverCertificateSecret(String keyType, String sourceKind, String id) {
    return "cert." + keyType + ":" + sourceKind + ":" + id;
  }

  /** A certificate file on the proxy's machine: its key type is not known to the control plane. */
  public static String fileCertificateSecret(String id) {
    return "cert.file:" + id;
  }
}
