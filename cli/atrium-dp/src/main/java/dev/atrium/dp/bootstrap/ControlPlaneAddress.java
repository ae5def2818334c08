package dev.atrium.dp.bootstrap;

import dev.atrium.dp.AgentException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code --cp-address}: the xds-server's HTTPS endpoint (Kuma's default is https://localhost:5678). The
 * xds-server serves HTTPS only, so an {@code http://} address is refused with a message saying so.
 * Knows the two paths atrium-dp calls.
 */
public record ControlPlaneAddress(URI base) {
  public static ControlPlaneAddress parse(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri != null && "http".equals(uri.getScheme()) && uri.getHost() != null) {
      throw new AgentException("Error: --cp-address " + text + ": the control plane serves HTTPS only; use https://"
          + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath())
          + " with --ca-cert-file=FILE (the certificate file the xds-server logs at start)");
    }
    if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new AgentException("Error: --cp-address " + text + " must be an https:// URL with a host,"
          + " like https://127.0.0.1:5678");
    }
    String s = uri.toString();
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return new ControlPlaneAddress(URI.create(s));
  }

  /** The host as the agent dialled it: what the server's certificate must name. */
  public String host() {
    String h = base.getHost();
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }

  /** {@code POST} here for the Envoy bootstrap (Kuma's path). */
  public URI bootstrapUri() {
    return URI.create(base + "/bootstrap");
  }

  /**
   * {@code DELETE} here to deregister on a clean shutdown. An Atrium addition: Kuma deletes a
   * Dataplane some time after its ADS stream closes instead.
   */
  public URI dataplaneUri(String mesh, String name) {
    return URI.create(base + "/dataplanes/" + segment(mesh) + "/" + segment(name));
  }

  @Override
  public String toString() {
    return base.toString();
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
