package dev.atrium.xds.bootstrap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * TLS on the proxy's ADS connection, as Kuma's bootstrap sets it: SNI is the host the agent dialled,
 * the server's certificate must carry that host as a DNS or IP SAN, and it must chain to the CA the
 * agent sent ({@code caCert}, inline), else to the system's CAs ({@code systemCaPath}, else the usual
 * Debian/Ubuntu bundle). TLS 1.2 at least, and h2 by ALPN: the xds-server's port picks HTTP/2 only
 * when the client asks for it.
 */
final class AdsClusterTls {
  /** Where Debian, Ubuntu and Alpine keep the system's CAs; used when the agent names none. */
  static final String DEFAULT_SYSTEM_CA_PATH = "/etc/ssl/certs/ca-certificates.crt";

  private AdsClusterTls() {}

  static void configure(ObjectNode adsCluster, String xdsHost, BootstrapRequest request) {
    ObjectNode tls = adsCluster.putObject("transport_socket");
    tls.put("name", "envoy.transport_sockets.tls");
    ObjectNode context = tls.putObject("typed_config");
    context.put("@type", "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
    context.put("sni", xdsHost);
    ObjectNode common = context.putObject("common_tls_context");
    common.putObject("tls_params").put("tls_minimum_protocol_version", "TLSv1_2")
        .put("tls_maximum_protocol_version", "TLSv1_3");
    common.putArray("alpn_protocols").add("h2");
    ObjectNode validation = common.putObject("validation_context");
    if (notBlank(request.caCert())) {
      validation.putObject("trusted_ca").put("inline_string", request.caCert());
    } else {
      validation.putObject("trusted_ca").put("filename",
          notBlank(request.systemCaPath()) ? request.systemCaPath() : DEFAULT_SYSTEM_CA_PATH);
    }
    ArrayNode sans = validation.putArray("match_typed_subject_alt_names");
    for (String type : new String[] {"DNS", "IP_ADDRESS"}) {
      ObjectNode matcher = sans.addObject();
      matcher.put("san_type", type);
      matcher.putObject("matcher").put("exact", xdsHost);
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
