package dev.atrium.core.xds;

import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import dev.atrium.core.ir.RouteIr.Header;
import dev.atrium.core.ir.RouteIr.HeaderChangesIr;
import dev.atrium.core.ir.RouteIr.HeaderMatchIr;
import dev.atrium.core.ir.RouteIr.MirrorIr;
import dev.atrium.core.ir.RouteIr.QueryMatchIr;
import dev.atrium.core.ir.RouteIr.RedirectIr;
import dev.atrium.core.ir.RouteIr.RewriteIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.ir.WeightedCluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.List;

/** One IR route as an Envoy route: its match, its action (forward, redirect or direct response) and header changes. */
final class RouteConverter {
  private RouteConverter() {}

  static Route route(RouteRuleIr rule) {
    Route.Builder route = Route.newBuilder().setMatch(match(rule));
    if (rule.redirect() != null) {
      route.setRedirect(redirect(rule.redirect(), rule.pathSeparatedPrefix()));
    } else if (rule.directResponse() != null) {
      route.setDirectResponse(DirectResponseAction.newBuilder()
          .setStatus(rule.directResponse().status())
          .setBody(DataSource.newBuilder().setInlineString(rule.directResponse().body())));
    } else {
      route.setRoute(forward(rule));
    }
    HeaderChangesIr request = rule.requestHeaders();
    if (request != null) {
      route.addAllRequestHeadersToAdd(headerOptions(request)).addAllRequestHeadersToRemove(request.remove());
    }
    HeaderChangesIr response = rule.responseHeaders();
    if (response != null) {
      route.addAllResponseHeadersToAdd(headerOptions(response)).addAllResponseHeadersToRemove(response.remove());
    }
    LocalRateLimitConfigurer.configure(rule.policies().rateLimit(), route);
    return route.build();
  }

  private static RouteMatch match(RouteRuleIr rule) {
    RouteMatch.Builder match = RouteMatch.newBuilder();
    if (rule.pathPrefix() != null) match.setPrefix(rule.pathPrefix());
    else if (rule.path() != null) match.setPath(rule.path());
    else if (rule.pathSeparatedPrefix() != null) match.setPathSeparatedPrefix(rule.pathSeparatedPrefix());
    else match.setSafeRegex(regex(rule.pathRegex()));
    for (HeaderMatchIr h : rule.headers()) {
      HeaderMatcher.Builder header = HeaderMatcher.newBuilder().setName(h.name());
      switch (h.type()) {
        case EXACT -> header.setStringMatch(StringMatcher.newBuilder().setExact(h.value()));
        case REGEX -> header.setStringMatch(StringMatcher.newBuilder().setSafeRegex(regex(h.value())));
        case PRESENT -> header.setPresentMatch(true);
        case ABSENT -> header.setPresentMatch(true).setInvertMatch(true);
        case PREFIX -> header.setStringMatch(StringMatcher.newBuilder().setPrefix(h.value()));
      }
      match.addHeaders(header);
    }
    for (QueryMatchIr q : rule.queryParameters()) {
      StringMatcher value = q.regex()
          ? StringMatcher.newBuilder().setSafeRegex(regex(q.value())).build()
          : StringMatcher.newBuilder().setExact(q.value()).build();
      match.addQueryParameters(QueryParameterMatcher.newBuilder().setName(q.name()).setStringMatch(value));
    }
    return match.build();
  }

  private static RouteAction forward(RouteRuleIr rule) {
    RouteAction.Builder action = RouteAction.newBuilder();
    if (rule.cluster() != null) {
      action.setCluster(rule.cluster());
    } else {
      io.envoyproxy.envoy.config.route.v3.WeightedCluster.Builder weighted =
          io.envoyproxy.envoy.config.route.v3.WeightedCluster.newBuilder();
      for (WeightedCluster c : rule.weightedClusters()) {
        weighted.addClusters(io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight.newBuilder()
            .setName(c.cluster()).setWeight(UInt32Value.of(c.weight())));
      }
      action.setWeightedClusters(weighted);
    }
    for (MirrorIr mirror : rule.mirrors()) action.addRequestMirrorPolicies(mirrorPolicy(mirror));
    RouteTimeoutsConfigurer.configure(rule.policies().timeout(), action);
    RouteRetryConfigurer.configure(rule.policies().retry(), action);
    RouteHashPolicyConfigurer.configure(rule.policies().loadBalancing(), action);
    RewriteIr rewrite = rule.rewrite();
    if (rewrite != null) {
      if (rewrite.fullPath() != null) {
        action.setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
            .setPattern(regex("^.*$")).setSubstitution(rewrite.fullPath()));
      } else if (rewrite.prefix() != null && rule.pathSeparatedPrefix() != null) {
        action.setRegexRewrite(separatedPrefixRewrite(rule.pathSeparatedPrefix(), rewrite.prefix()));
      } else if (rewrite.prefix() != null) {
        action.setPrefixRewrite(rewrite.prefix());
      }
      if (rewrite.hostToBackend()) action.setAutoHostRewrite(BoolValue.of(true));
      else if (rewrite.hostname() != null) action.setHostRewriteLiteral(rewrite.hostname());
    }
    return action.build();
  }

  /** Percentages to Envoy's per-million fraction, so 12.5% stays exact. */
  private static RouteAction.RequestMirrorPolicy mirrorPolicy(MirrorIr mirror) {
    RouteAction.RequestMirrorPolicy.Builder policy = RouteAction.RequestMirrorPolicy.newBuilder().setCluster(mirror.cluster());
    if (mirror.percent() < 100) {
      policy.setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
          .setNumerator((int) Math.round(mirror.percent() * 10_000))
          .setDenominator(FractionalPercent.DenominatorType.MILLION)));
    }
    return policy.build();
  }

  private static RedirectAction redirect(RedirectIr r, String separatedPrefix) {
    RedirectAction.Builder redirect = RedirectAction.newBuilder().setResponseCode(switch (r.statusCode()) {
      case 301 -> RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY;
      case 303 -> RedirectAction.RedirectResponseCode.SEE_OTHER;
      case 307 -> RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT;
      case 308 -> RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT;
      default -> RedirectAction.RedirectResponseCode.FOUND;
    });
    if (r.scheme() != null) redirect.setSchemeRedirect(r.scheme());
    if (r.hostname() != null) redirect.setHostRedirect(r.hostname());
    if (r.port() != null) redirect.setPortRedirect(r.port());
    if (r.fullPath() != null) redirect.setPathRedirect(r.fullPath());
    else if (r.prefix() != null && separatedPrefix != null) redirect.setRegexRewrite(separatedPrefixRewrite(separatedPrefix, r.prefix()));
    else if (r.prefix() != null) redirect.setPrefixRewrite(r.prefix());
    return redirect.build();
  }

  /** {@code set} overwrites (or adds), {@code add} appends to what the request or response already has. */
  private static List<HeaderValueOption> headerOptions(HeaderChangesIr changes) {
    return java.util.stream.Stream.concat(
        changes.set().stream().map(h -> option(h, HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)),
        changes.add().stream().map(h -> option(h, HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))).toList();
  }

  private static HeaderValueOption option(Header h, HeaderAppendAction action) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(h.name()).setValue(h.value()))
        .setAppendAction(action).build();
  }

  /**
   * Replacing the prefix {@code /p} of a path-separated match ({@code /p} or {@code /p/...}) with
   * {@code r}: a plain prefix_rewrite would turn {@code /p/x} into {@code //x} for {@code r = /}, so
   * the segment boundary is matched too and kept unless {@code r} already ends with a slash (what Kuma
   * does with its exact + {@code /p/} route pair).
   */
  private static RegexMatchAndSubstitute separatedPrefixRewrite(String prefix, String r) {
    return RegexMatchAndSubstitute.newBuilder()
        .setPattern(regex("^" + quote(prefix) + "(/|$)"))
        .setSubstitution(r.endsWith("/") ? r : r + "\\1")
        .build();
  }

  /** A literal path as a regular expression matching exactly it. */
  private static String quote(String literal) {
    return literal.replaceAll("([\\\\.+*?()|\\[\\]{}^$])", "\\\\$1");
  }

  private static RegexMatcher regex(String regex) {
    return RegexMatcher.newBuilder().setRegex(regex).build();
  }
}
