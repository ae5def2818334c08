package dev.atrium.core.xds;

import java.util.List;

/**
 * What every proxy receives, in the order it is built. Reading this list (and each generator's
 * configurers) tells what Envoy gets; a new aspect of the configuration is a new generator or
 * configurer here, not a change to the ones already listed.
 */
final class DefaultProxyProfile {
  private DefaultProxyProfile() {}

  static final List<ResourceGenerator> GENERATORS = List.of(
      // LDS: a listener per inbound/outbound/gateway port; HTTP ones with an HTTP connection manager
      // using RDS over ADS and ending in the router filter (edge-safe defaults on a builtin gateway),
      // TCP ones with a TCP proxy to one cluster or weighted clusters; gateway HTTPS/TLS ones with the
      // TLS inspector and a chain per SNI name (TLS ≥ 1.2 with SDS certificates, or passthrough).
      // With transparent proxying, the redirect ports' virtual listeners (use_original_dst, a TCP
      // proxy to the passthrough cluster, or a chain that closes) and bind_to_port: false on the rest.
      // With the mesh's mTLS on, inbound and cross-mesh gateway chains take mesh TLS (SDS
      // identity_cert/mesh_ca secrets over ADS): STRICT one chain; PERMISSIVE tls_inspector + plaintext,
      // application-TLS passthrough and mesh-TLS (ALPN kuma) chains; RBAC first on the mesh-TLS chain only
      // (HTTP filter in the HCM, else network filter).
      new ListenerGenerator(),
      // LDS: with transparent proxying, the DNS listener answering the .mesh names of the VIPs.
      new DnsListenerGenerator(),
      // RDS: each HTTP listener's route configuration (named like the listener; <listener>:* on a
      // gateway, <listener>:<hostname> per HTTPS chain with require-TLS and HSTS, with path/header/query matches, weighted clusters, redirects, rewrites, header
      // changes and a closing 404).
      new RouteConfigurationGenerator(),
      // CDS: EDS clusters (over ADS) for mesh services, STATIC clusters for local applications,
      // ORIGINAL_DST passthrough clusters for a transparent proxy; round robin, 5 s connect timeout
      // (10 s for passthrough); with mTLS on, mesh clusters originate mesh TLS (ALPN kuma, Kuma's SNI,
      // the destination's SPIFFE ID checked exactly).
      new ClusterGenerator(),
      // CDS: a STRICT_DNS HTTP/2 cluster per OpenTelemetry collector an access log sends to.
      new AccessLogClusterGenerator(),
      // EDS: one assignment per EDS cluster, one weighted locality, possibly empty.
      new EndpointGenerator(),
      // SDS: the server certificates of TLS-terminating gateway filter chains (chain and key inline).
      new SecretGenerator());
}
