package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP routing table of one listener (an Envoy RouteConfiguration).
 *
 * @param name the route configuration's name; the listener's name for sidecars, so each listener has
 *     its own, and {@code <listener>:*} for a builtin gateway's HTTP listener
 * @param ignorePortInHostMatching match a request's Host against the domains without its port (a
 *     builtin gateway's hostnames are names, whatever port the client put in Host)
 */
public record RouteIr(
    String name,
    List<VirtualHostIr> virtualHosts,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean ignorePortInHostMatching) {
  public RouteIr {
    Objects.requireNonNull(name, "name");
    virtualHosts = List.copyOf(virtualHosts);
  }

  public RouteIr(String name, List<VirtualHostIr> virtualHosts) {
    this(name, virtualHosts, false);
  }

  /**
   * A group of routes chosen by the request's Host.
   *
   * @param domains Host values this virtual host answers; {@code *} for any
   * @param routes tried in order, the first match wins
   * @param requireTls answer plain-text requests with a redirect to HTTPS (a builtin gateway's HTTPS hosts)
   * @param responseHeaders headers set on every response of this host (HSTS on HTTPS hosts)
   */
  public record VirtualHostIr(
      String name,
      List<String> domains,
      List<RouteRuleIr> routes,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean requireTls,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.SortedMap<String, String> responseHeaders) {
    public VirtualHostIr {
      Objects.requireNonNull(name, "name");
      domains = List.copyOf(domains);
      routes = List.copyOf(routes);
      responseHeaders = java.util.Collections.unmodifiableSortedMap(
          new java.util.TreeMap<>(responseHeaders == null ? java.util.Map.of() : responseHeaders));
    }

    public VirtualHostIr(String name, List<String> domains, List<RouteRuleIr> routes) {
      this(name, domains, routes, false, null);
    }
  }

  /**
   * One route: a request matching the path (exactly one of {@code pathPrefix}, {@code path},
   * {@code pathSeparatedPrefix} — the prefix as whole path segments — or {@code pathRegex}) and every
   * header and query parameter condition gets one action: forward to {@code cluster} or split over
   * {@code weightedClusters}, {@code redirect}, or {@code directResponse}. Forwarding may rewrite the
   * path or Host; header changes apply to any action. {@code origin}: the resource and rule that made
   * the route (a MeshGatewayRoute's {@code conf.http.rules[0]}, a MeshHTTPRoute's {@code spec.to[0].rules[1]},
   * the MeshGateway for its 404, the Dataplane's inbound or outbound for a sidecar's), for policies that
   * attach to routes and for inspection; null when unknown.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RouteRuleIr(
      String pathPrefix,
      String path,
      String pathSeparatedPrefix,
      String pathRegex,
      List<HeaderMatchIr> headers,
      List<QueryMatchIr> queryParameters,
      String cluster,
      List<WeightedCluster> weightedClusters,
      RewriteIr rewrite,
      RedirectIr redirect,
      DirectResponseIr directResponse,
      HeaderChangesIr requestHeaders,
      HeaderChangesIr responseHeaders,
      List<MirrorIr> mirrors,
      Origin origin,
      @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = PoliciesIr.Empty.class) PoliciesIr policies) {
    public RouteRuleIr {
      mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
      policies = policies == null ? PoliciesIr.NONE : policies;
      headers = headers == null ? List.of() : List.copyOf(headers);
      queryParameters = queryParameters == null ? List.of() : List.copyOf(queryParameters);
      weightedClusters = weightedClusters == null ? List.of() : List.copyOf(weightedClusters);
      // Counted without streams: a gateway builds thousands of these per translation.
      if (present(pathPrefix) + present(path) + present(pathSeparatedPrefix) + present(pathRegex) != 1) {
        throw new IllegalArgumentException("a route needs exactly one path match");
      }
      int actions = present(cluster) + present(redirect) + present(directResponse) + (weightedClusters.isEmpty() ? 0 : 1);
      if (actions != 1) throw new IllegalArgumentException("a route needs exactly one action");
      if (rewrite != null && cluster == null && weightedClusters.isEmpty()) {
        throw new IllegalArgumentException("only a forwarding route can rewrite");
      }
      if (!mirrors.isEmpty() && cluster == null && weightedClusters.isEmpty()) {
        throw new IllegalArgumentException("only a forwarding route can mirror");
      }
    }

    public RouteRuleIr(String pathPrefix, String path, String pathSeparatedPrefix, String pathRegex,
        List<HeaderMatchIr> headers, List<QueryMatchIr> queryParameters, String cluster,
        List<WeightedCluster> weightedClusters, RewriteIr rewrite, RedirectIr redirect, DirectResponseIr directResponse,
        HeaderChangesIr requestHeaders, HeaderChangesIr responseHeaders, List<MirrorIr> mirrors, Origin origin) {
      this(pathPrefix, path, pathSeparatedPrefix, pathRegex, headers, queryParameters, cluster, weightedClusters,
          rewrite, redirect, directResponse, requestHeaders, responseHeaders, mirrors, origin, PoliciesIr.NONE);
    }

    public RouteRuleIr(String pathPrefix, String path, String pathSeparatedPrefix, String pathRegex,
        List<HeaderMatchIr> headers, List<QueryMatchIr> queryParameters, String cluster,
        List<WeightedCluster> weightedClusters, RewriteIr rewrite, RedirectIr redirect, DirectResponseIr directResponse,
        HeaderChangesIr requestHeaders, HeaderChangesIr responseHeaders, List<MirrorIr> mirrors) {
      this(pathPrefix, path, pathSeparatedPrefix, pathRegex, headers, queryParameters, cluster, weightedClusters,
          rewrite, redirect, directResponse, requestHeaders, responseHeaders, mirrors, null);
    }

    public RouteRuleIr(String pathPrefix, String path, String pathSeparatedPrefix, String pathRegex,
        List<HeaderMatchIr> headers, List<QueryMatchIr> queryParameters, String cluster,
        List<WeightedCluster> weightedClusters, RewriteIr rewrite, RedirectIr redirect, DirectResponseIr directResponse,
        HeaderChangesIr requestHeaders, HeaderChangesIr responseHeaders) {
      this(pathPrefix, path, pathSeparatedPrefix, pathRegex, headers, queryParameters, cluster, weightedClusters,
          rewrite, redirect, directResponse, requestHeaders, responseHeaders, null, null);
    }

    /** This route with {@code origin} as where it came from. */
    public RouteRuleIr withOrigin(Origin origin) {
      return new RouteRuleIr(pathPrefix, path, pathSeparatedPrefix, pathRegex, headers, queryParameters, cluster,
          weightedClusters, rewrite, redirect, directResponse, requestHeaders, responseHeaders, mirrors, origin, policies);
    }

    /** This route with what connection policies set on it (only forwarding routes take any). */
    public RouteRuleIr withPolicies(PoliciesIr set) {
      return new RouteRuleIr(pathPrefix, path, pathSeparatedPrefix, pathRegex, headers, queryParameters, cluster,
          weightedClusters, rewrite, redirect, directResponse, requestHeaders, responseHeaders, mirrors, origin, set);
    }

    /** Requests whose path starts with {@code pathPrefix} go to {@code cluster}. */
    public RouteRuleIr(String pathPrefix, String cluster) {
      this(pathPrefix, null, null, null, null, null, cluster, null, null, null, null, null, null, null, null, null);
    }
  }

  /** A request header condition; {@code :method} is the method. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HeaderMatchIr(String name, MatchType type, String value) {
    public enum MatchType { EXACT, REGEX, PRESENT, ABSENT, PREFIX }

    public HeaderMatchIr {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /** A query parameter condition: equal to {@code value}, or matching it as a regular expression. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record QueryMatchIr(String name, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean regex, String value) {
    public QueryMatchIr {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The path replaced as a whole, or the matched prefix replaced; and/or Host set to {@code hostname}
   * or to the upstream host's ({@code hostToBackend}; never both).
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RewriteIr(String fullPath, String prefix, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean hostToBackend,
      String hostname) {
    public RewriteIr(String fullPath, String prefix, boolean hostToBackend) {
      this(fullPath, prefix, hostToBackend, null);
    }
  }

  /** A redirect answer: each non-null part replaces the request's; {@code statusCode} is 301, 302, 303, 307 or 308. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RedirectIr(String scheme, String hostname, Integer port, int statusCode, String fullPath, String prefix) {}

  /**
   * A copy of each forwarded request sent, fire-and-forget, to {@code cluster}: {@code percent} of
   * requests (0–100, fractions allowed); the copy's answer is dropped.
   */
  public record MirrorIr(String cluster, double percent) {
    public MirrorIr {
      Objects.requireNonNull(cluster, "cluster");
      if (percent < 0 || percent > 100) throw new IllegalArgumentException("a mirror percentage is 0..100, got " + percent);
    }
  }

  /** An answer made by the proxy itself. */
  public record DirectResponseIr(int status, String body) {}

  /** Header changes: {@code set} replaces (or adds), {@code add} appends, {@code remove} drops. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HeaderChangesIr(List<Header> set, List<Header> add, List<String> remove) {
    public HeaderChangesIr {
      set = set == null ? List.of() : List.copyOf(set);
      add = add == null ? List.of() : List.copyOf(add);
      remove = remove == null ? List.of() : List.copyOf(remove);
    }
  }

  public record Header(String name, String value) {}

  private static int present(Object value) {
    return value == null ? 0 : 1;
  }
}
