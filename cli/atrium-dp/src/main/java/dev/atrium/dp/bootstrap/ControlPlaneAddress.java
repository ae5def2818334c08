package dev.atrium.dp.bootstrap;

import dev.atrium.dp.AgentException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code --cp-address}: the xds-server's HTTP endpoint (Kuma's default is https://localhost:5678; as
 * in kuma-dp only http and https are accepted). Knows the two paths atrium-dp calls.
 */
public record ControlPlaneAddress(URI base) {
  public static ControlPlaneAddress parse(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new AgentException("Error: --cp-address " + text + " must be an http:// or https:// URL with a host,"
          + " like http://127.0.0.1:5678");
    }
    String s = uri.toString();
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return new ControlPlaneAddress(URI.create(s));
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
