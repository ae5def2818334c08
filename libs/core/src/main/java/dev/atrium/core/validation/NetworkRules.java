package dev.atrium.core.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Ports, gateway hostnames, proxy addresses and DNS names, checked the way Kuma 2.14 checks them
 * (pkg/core/resources/apis/mesh/validators.go, dataplane_validator.go) and with its messages.
 */
final class NetworkRules {
  private NetworkRules() {}

  static final String PORT_RANGE = "port must be in the range [1, 65535]";

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  /** Kuma's gateway hostname rule: lower-case labels only. */
  private static final Pattern DOMAIN = Pattern.compile("^" + DNS_LABEL + "(\\." + DNS_LABEL + ")*$");
  /** The looser rule Kuma borrows from govalidator for a proxy's address (underscores, upper case). */
  private static final Pattern DNS_NAME =
      Pattern.compile("^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$");
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile("^" + OCTET + "(\\." + OCTET + "){3}$");

  /** A TCP/UDP port: 1..65535; absent counts as 0, as in Kuma's uint32 fields. */
  static void port(Violations v, FieldPath path, Integer port) {
    if (port == null || port < 1 || port > 65535) v.add(path, PORT_RANGE);
  }

  /** A gateway listener or route hostname: "*", "*.domain" or "domain", at most 253 characters. */
  static void gatewayHostname(Violations v, FieldPath path, String hostname) {
    if ("*".equals(hostname)) return;
    if (hostname.length() > 253) v.add(path, "must be at most 253 characters");
    if (hostname.startsWith("*.")) {
      if (!DOMAIN.matcher(hostname.substring(2)).matches()) v.add(path, "invalid wildcard domain");
      return;
    }
    if (!DOMAIN.matcher(hostname).matches()) v.add(path, "invalid hostname");
  }

  /** A Dataplane's {@code networking.address}: an IP literal or a DNS name, never the unspecified address. */
  static void proxyAddress(Violations v, FieldPath path, String address) {
    if (address == null || address.isEmpty()) {
      v.add(path, "address can't be empty");
      return;
    }
    if (address.equals("0.0.0.0") || address.equals("::")) v.add(path, "must not be 0.0.0.0 or ::");
    if (!isIp(address) && !isDnsName(address)) v.add(path, "address has to be valid IP address or domain name");
  }

  /** An IPv4 or IPv6 literal, as Go's net.ParseIP accepts it (no zones, no brackets, no leading zeros). */
  static boolean isIp(String s) {
    if (IPV4.matcher(s).matches()) return true;
    if (s.indexOf(':') < 0 || s.indexOf('%') >= 0 || s.indexOf('[') >= 0) return false;
    try {
      // A string containing ':' is parsed as an IPv6 literal and never looked up in DNS.
      InetAddress.getByName(s);
      return true;
    } catch (UnknownHostException | IllegalArgumentException e) {
      return false;
    }
  }

  static boolean isDnsName(String s) {
    return !s.isEmpty() && s.replace(".", "").length() <= 255 && !isIp(s) && DNS_NAME.matcher(s).matches();
  }

  /**
   * Kubernetes' IsDNS1123Subdomain with its messages; Kuma uses it for hostnames in MeshHTTPRoute
   * redirect and rewrite filters, where an IP address is also refused.
   */
  static void preciseHostname(Violations v, FieldPath path, String hostname) {
    if (isIp(hostname)) {
      v.add(path, "cannot be an IP address");
      return;
    }
    if (hostname.length() > 253) v.add(path, "must be no more than 253 characters");
    if (!DOMAIN.matcher(hostname).matches()) {
      v.add(path, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
          + " and must start and end with an alphanumeric character (e.g. 'example.com')");
    }
  }
}
