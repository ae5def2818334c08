package dev.atrium.core.model.gateway;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.Selector;
import java.util.List;
import java.util.Map;

/**
 * Kuma's (deprecated but widely used) MeshGatewayRoute: selectors match listener tags, then HTTP or
 * TCP rules. Matches inside a rule are OR'ed; conditions inside one match are AND'ed.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshGatewayRouteSpec(List<Selector> selectors, Conf conf) implements ResourceSpec {

  public MeshGatewayRouteSpec {
    selectors = Collect.list(selectors);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Conf(Http http, Tcp tcp) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Http(List<String> hostnames, List<HttpRule> rules) {
    public Http {
      hostnames = Collect.list(hostnames);
      rules = Collect.list(rules);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HttpRule(List<Match> matches, List<Filter> filters, List<Backend> backends) {
    public HttpRule {
      matches = Collect.list(matches);
      filters = Collect.list(filters);
      backends = Collect.list(backends);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Match(
      PathMatch path,
      HttpMethod method,
      List<HeaderMatch> headers,
      @JsonAlias("query_parameters") List<QueryMatch> queryParameters) {
    public Match {
      headers = Collect.list(headers);
      queryParameters = Collect.list(queryParameters);
    }

    public boolean isEmpty() {
      return path == null && (method == null || method == HttpMethod.NONE) && headers.isEmpty()
          && queryParameters.isEmpty();
    }
  }

  public enum PathMatchType { EXACT, PREFIX, REGEX }

  public enum HeaderMatchType { EXACT, REGEX, ABSENT, PRESENT }

  public enum QueryMatchType { EXACT, REGEX }

  public enum HttpMethod { NONE, CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PathMatch(PathMatchType match, String value) {
    /** EXACT is the proto's zero value, so an absent match type means EXACT, as in Kuma. */
    public PathMatchType effectiveMatch() {
      return match == null ? PathMatchType.EXACT : match;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HeaderMatch(HeaderMatchType match, String name, String value) {
    public HeaderMatchType effectiveMatch() {
      return match == null ? HeaderMatchType.EXACT : match;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record QueryMatch(QueryMatchType match, String name, String value) {
    public QueryMatchType effectiveMatch() {
      return match == null ? QueryMatchType.EXACT : match;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Filter(
      @JsonAlias("request_header") HeaderFilter requestHeader,
      @JsonAlias("response_header") HeaderFilter responseHeader,
      Mirror mirror,
      Redirect redirect,
      Rewrite rewrite) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HeaderFilter(List<Header> set, List<Header> add, List<String> remove) {
    public HeaderFilter {
      set = Collect.list(set);
      add = Collect.list(add);
      remove = Collect.list(remove);
    }

    public boolean isEmpty() {
      return set.isEmpty() && add.isEmpty() && remove.isEmpty();
    }
  }

  public record Header(String name, String value) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Mirror(Backend backend, Double percentage) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Redirect(
      String scheme, String hostname, Integer port, @JsonAlias("status_code") Integer statusCode, Rewrite path) {}

  /** A path rewrite (one of replaceFull / replacePrefixMatch) and/or the host rewrite to the backend's name. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Rewrite(
      @JsonAlias("replace_full") String replaceFull,
      @JsonAlias("replace_prefix_match") String replacePrefixMatch,
      @JsonAlias("host_to_backend_hostname") Boolean hostToBackendHostname) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Backend(Integer weight, Map<String, String> destination) {
    public Backend {
      destination = Collect.map(destination);
    }

    /** Kuma's default weight is 1. */
    public int effectiveWeight() {
      return weight == null ? 1 : weight;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Tcp(List<TcpRule> rules) {
    public Tcp {
      rules = Collect.list(rules);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record TcpRule(List<Backend> backends) {
    public TcpRule {
      backends = Collect.list(backends);
    }
  }
}
