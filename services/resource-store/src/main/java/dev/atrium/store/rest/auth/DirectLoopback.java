package dev.atrium.store.rest.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Kuma's test for a direct localhost call (treated as the admin unless localhostIsAdmin is off): the peer
 * is loopback, no proxy put a hop header on the request, the Host header names a loopback host, and a
 * browser did not send it cross-site or from another origin — so a web page open on this machine cannot
 * borrow the admin's rights through the user's browser.
 */
public final class DirectLoopback {
  private DirectLoopback() {}

  /**
   * @param peerAddress the TCP peer's IP address as text
   * @param header a request header by name, null when absent
   */
  public static boolean isDirect(String peerAddress, Function<String, String> header) {
    if (peerAddress == null || !isLoopbackHost(peerAddress)) return false;
    if (present(header.apply("Forwarded")) || present(header.apply("X-Forwarded-For")) || present(header.apply("X-Real-IP"))) {
      return false;
    }
    Authority host = Authority.parse("http", header.apply("Host"));
    if (host == null || !isLoopbackHost(host.host())) return false;
    String fetchSite = header.apply("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.isEmpty() && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) return false;
    String origin = header.apply("Origin");
    return origin == null || origin.isEmpty() || sameLoopbackOrigin(origin, header.apply("Host"));
  }

  private static boolean sameLoopbackOrigin(String origin, String hostHeader) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (Exception e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) return false;
    if (uri.getRawUserInfo() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return false;
    }
    Authority from = Authority.parse(scheme, uri.getRawAuthority());
    Authority to = Authority.parse(scheme, hostHeader);
    return from != null && to != null && isLoopbackHost(from.host()) && from.equals(to);
  }

  /** "localhost" or a loopback IP literal (never a name lookup). */
  static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    if (h.equals("localhost")) return true;
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.isEmpty() || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) return false;
    if (h.indexOf(':') < 0 && !h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return false; // no short IPv4 forms like "127.1"
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException | RuntimeException e) {
      return false;
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isEmpty();
  }

  /** A host and port, canonical (lower case, no trailing dot, default port filled in). */
  record Authority(String host, int port) {
    static Authority parse(String scheme, String hostPort) {
      if (hostPort == null || hostPort.isEmpty() || hostPort.endsWith(":")) return null;
      String host = hostPort;
      String port = scheme.equals("https") ? "443" : "80";
      if (hostPort.startsWith("[")) {
        int close = hostPort.indexOf(']');
        if (close < 0) return null;
        host = hostPort.substring(1, close);
        String rest = hostPort.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) return null;
          port = rest.substring(1);
        }
      } else {
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0) {
          if (hostPort.indexOf(':') != colon) return null; // an IPv6 literal needs brackets
          host = hostPort.substring(0, colon);
          port = hostPort.substring(colon + 1);
        }
      }
      if (host.isEmpty() || host.contains("@") || host.contains("/")) return null;
      if (!port.matches("\\d{1,5}")) return null;
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) return null;
      host = host.toLowerCase(Locale.ROOT);
      if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
      return new Authority(canonicalIp(host), p);
    }

    private static String canonicalIp(String host) {
      if (host.indexOf(':') < 0) return host;
      try {
        return InetAddress.getByName("[" + host + "]").getHostAddress();
      } catch (UnknownHostException | RuntimeException e) {
        return host;
      }
    }
  }
}
