package dev.atrium.core.model.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.IntOrString;
import dev.atrium.core.model.ResourceSpec;
import java.util.List;

/** HTTP routing in Kuma's newer, Gateway-API-like shape. On a gateway it covers HTTP and HTTPS listeners. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshHTTPRouteSpec(TargetRef targetRef, List<To> to) implements ResourceSpec {

  public MeshHTTPRouteSpec {
    to = Collect.list(to);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, List<String> hostnames, List<Rule> rules) {
    public To {
      hostnames = Collect.list(hostnames);
      rules = Collect.list(rules);
    }
  }

  /** "default" is a Java keyword, hence the component's name. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Rule(List<Match> matches, @JsonProperty("default") RuleConf defaultConf) {
    public Rule {
      matches = Collect.list(matches);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RuleConf(List<Filter> filters, List<BackendRef> backendRefs) {
    public RuleConf {
      filters = Collect.list(filters);
      backendRefs = Collect.list(backendRefs);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Match(PathMatch path, Method method, List<QueryParamsMatch> queryParams, List<HeaderMatch> headers) {
    public Match {
      queryParams = Collect.list(queryParams);
      headers = Collect.list(headers);
    }
  }

  public enum PathMatchType { Exact, PathPrefix, RegularExpression }

  public enum Method { CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE }

  public enum QueryMatchType { Exact, RegularExpression }

  public enum HeaderMatchType { Exact, Present, RegularExpression, Absent, Prefix }

  public record PathMatch(PathMatchType type, String value) {}

  public record QueryParamsMatch(QueryMatchType type, String name, String value) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HeaderMatch(HeaderMatchType type, String name, String value) {
    /** Gateway API's default header match is Exact. */
    public HeaderMatchType effectiveType() {
      return type == null ? HeaderMatchType.Exact : type;
    }
  }

  public enum FilterType { RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite, RequestMirror }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Filter(
      FilterType type,
      HeaderModifier requestHeaderModifier,
      HeaderModifier responseHeaderModifier,
      RequestRedirect requestRedirect,
      UrlRewrite urlRewrite,
      RequestMirror requestMirror) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record HeaderModifier(List<HeaderValue> add, List<HeaderValue> set, List<String> remove) {
    public HeaderModifier {
      add = Collect.list(add);
      set = Collect.list(set);
      remove = Collect.list(remove);
    }
  }

  public record HeaderValue(String name, String value) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RequestRedirect(String scheme, String hostname, PathRewrite path, Integer port, Integer statusCode) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record UrlRewrite(String hostname, PathRewrite path, Boolean hostToBackendHostname) {}

  public enum PathRewriteType { ReplaceFullPath, ReplacePrefixMatch }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PathRewrite(PathRewriteType type, String replaceFullPath, String replacePrefixMatch) {}

  /** {@code percentage} is Kuma's int-or-string ("50", 50, "12.5"); validation checks it is a number in [0,100]. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RequestMirror(@IntOrString String percentage, BackendRef backendRef) {}
}
