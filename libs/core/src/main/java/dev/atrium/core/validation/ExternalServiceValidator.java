package dev.atrium.core.validation;

import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.externalservice.ExternalServiceSpec;
import dev.atrium.core.model.externalservice.ExternalServiceSpec.Networking;
import dev.atrium.core.model.externalservice.ExternalServiceSpec.Tls;
import java.util.List;
import java.util.Set;

/**
 * Kuma's legacy ExternalService (external_service_validator.go): a {@code host:port} address whose host
 * is an IP or a DNS name, a non-empty {@code tls.serverName} when given, non-empty DataSources, tags
 * with kuma.io/service (not the address's host) and a known kuma.io/protocol.
 */
final class ExternalServiceValidator {
  private ExternalServiceValidator() {}

  private static final List<String> ADVERTISED_PROTOCOLS = List.of("grpc", "http", "http2", "kafka", "tcp");
  private static final Set<String> KNOWN_PROTOCOLS = Set.of("grpc", "http", "http2", "kafka", "tcp", "tls");

  static void validate(ExternalServiceSpec spec, FieldPath root, Violations v) {
    networking(v, root.field("networking"), spec.networking());
    FieldPath tags = root.field("tags");
    String protocol = spec.tags().get(TagRules.PROTOCOL);
    if (protocol != null && !KNOWN_PROTOCOLS.contains(protocol)) {
      v.add(tags.key(TagRules.PROTOCOL), "tag \"" + TagRules.PROTOCOL + "\" has an invalid value \"" + protocol
          + "\". Allowed values: " + String.join(", ", ADVERTISED_PROTOCOLS));
    }
    TagRules.tags(v, tags, spec.tags(), TagRules.Options.REQUIRE_SERVICE);
    String service = spec.service();
    if (service != null && !service.isEmpty() && spec.networking() != null && spec.networking().address() != null) {
      HostPort hp = HostPort.split(spec.networking().address());
      if (hp != null && service.equals(hp.host())) {
        v.add(tags.key(TagRules.SERVICE), "cannot be the same as networking.address");
      }
    }
  }

  private static void networking(Violations v, FieldPath path, Networking networking) {
    if (networking == null) {
      v.add(path, "should have networking");
      return;
    }
    address(v, path.field("address"), networking.address());
    Tls tls = networking.tls();
    if (tls == null) return;
    FieldPath tlsPath = path.field("tls");
    if (tls.serverName() != null && tls.serverName().isEmpty()) v.add(tlsPath.field("serverName"), "cannot be empty");
    dataSource(v, tlsPath.field("caCert"), tls.caCert());
    dataSource(v, tlsPath.field("clientCert"), tls.clientCert());
    dataSource(v, tlsPath.field("clientKey"), tls.clientKey());
  }

  /** Kuma checks each part separately, so a malformed address reports every part it could not read. */
  private static void address(Violations v, FieldPath path, String address) {
    if (address == null || address.isEmpty()) {
      v.add(path, "address can't be empty");
      return;
    }
    HostPort hp = HostPort.split(address);
    if (hp == null) {
      v.add(path, "unable to parse address");
      hp = new HostPort("", "");
    }
    if (!NetworkRules.isIp(hp.host()) && !NetworkRules.isDnsName(hp.host())) {
      v.add(path, "address has to be a valid IP address or a domain name");
    }
    long port = parsePort(hp.port());
    if (port < 0) v.add(path, "unable to parse port in address");
    if (port < 1 || port > 65535) v.add(path, NetworkRules.PORT_RANGE);
  }

  /** Go's ParseUint(s, 10, 32); -1 when it fails (Kuma then checks port 0 or, past 32 bits, the maximum). */
  private static long parsePort(String s) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) return -1;
    if (s.length() > 10 || Long.parseLong(s) > 0xFFFF_FFFFL) return -1;
    return Long.parseLong(s);
  }

  private static void dataSource(Violations v, FieldPath path, DataSource source) {
    if (source != null && source.alternativesSet() == 0) v.add(path, "data source cannot be empty");
  }

  /** A host and port as Go's net.SplitHostPort splits them ({@code [v6]:port}); null when it cannot. */
  record HostPort(String host, String port) {
    static HostPort split(String s) {
      int i = s.lastIndexOf(':');
      if (i < 0) return null;
      String host;
      int j = 0;
      int k = 0;
      if (s.startsWith("[")) {
        int end = s.indexOf(']');
        if (end < 0 || end + 1 != i) return null;
        host = s.substring(1, end);
        j = 1;
        k = end + 1;
      } else {
        host = s.substring(0, i);
        if (host.indexOf(':') >= 0) return null;
      }
      if (s.indexOf('[', j) >= 0 || s.indexOf(']', k) >= 0) return null;
      return new HostPort(host, s.substring(i + 1));
    }
  }
}
