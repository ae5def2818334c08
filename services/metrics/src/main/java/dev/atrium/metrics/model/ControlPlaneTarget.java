package dev.atrium.metrics.model;

/**
 * One Atrium service's own {@code /q/metrics}, listed in the discovery document next to the proxies so
 * a Prometheus configured with nothing but this service's HTTP SD also scrapes the control plane.
 * Written {@code component=[https://]host:port[/path]} (path default {@code /q/metrics}), e.g.
 * {@code resource-store=127.0.0.1:5681}, {@code xds-server=https://127.0.0.1:5678} (its port is HTTPS
 * only: Prometheus then needs its CA in the job's {@code tls_config}) or, on Kubernetes,
 * {@code resource-store=atrium-resource-store.atrium-system.svc:5681}.
 * The host is handed to Prometheus as written and resolved by it at each scrape.
 *
 * @param component the {@code component} label (resource-store, xds-server, admission-webhook, metrics, …)
 * @param scheme {@code http} or {@code https} (Prometheus's {@code __scheme__})
 */
public record ControlPlaneTarget(String component, String authority, String path, String scheme) {
  public static final String DEFAULT_PATH = "/q/metrics";

  public ControlPlaneTarget(String component, String authority, String path) {
    this(component, authority, path, "http");
  }

  /**
   * Parses one entry; the message of a refusal names what is wrong and the expected form, the caller
   * adds where the entry came from.
   */
  public static ControlPlaneTarget parse(String entry) {
    String text = entry.strip();
    int eq = text.indexOf('=');
    if (eq <= 0) throw refused(entry, "no component name before '='");
    String component = text.substring(0, eq).strip();
    if (!component.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw refused(entry, "the component name must be lower-case letters, digits and '-'");
    }
    String address = text.substring(eq + 1).strip();
    String scheme = "http";
    for (String s : new String[] {"http", "https"}) {
      if (address.startsWith(s + "://")) {
        scheme = s;
        address = address.substring(s.length() + 3);
      }
    }
    int slash = address.indexOf('/');
    String authority = slash < 0 ? address : address.substring(0, slash);
    String path = slash < 0 ? DEFAULT_PATH : address.substring(slash);
    int colon = authority.lastIndexOf(':');
    if (colon <= 0) throw refused(entry, "no host:port after '='");
    int port;
    try {
      port = Integer.parseInt(authority.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw refused(entry, "the port '" + authority.substring(colon + 1) + "' is not a number");
    }
    if (port < 1 || port > 65535) throw refused(entry, "the port " + port + " is not between 1 and 65535");
    return new ControlPlaneTarget(component, authority, path, scheme);
  }

  private static IllegalArgumentException refused(String entry, String why) {
    return new IllegalArgumentException("\"" + entry + "\": " + why + " (expected component=host:port[/path])");
  }
}
