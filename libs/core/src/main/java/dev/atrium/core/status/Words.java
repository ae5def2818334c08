package dev.atrium.core.status;

import dev.atrium.core.ir.RouteIr.HeaderMatchIr;
import dev.atrium.core.ir.RouteIr.QueryMatchIr;
import dev.atrium.core.ir.RouteIr.RouteRuleIr;
import dev.atrium.core.model.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How the report words tags, selectors and matches: short, the way a user wrote them. */
final class Words {
  private Words() {}

  /** {@code {kuma.io/service: edge, port: http-8080}}, keys sorted. */
  static String tags(Map<String, String> tags) {
    return new TreeMap<>(tags).entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** Each selector's tags, OR'ed. */
  static String selectors(List<Selector> selectors) {
    return selectors.stream().map(s -> tags(s.match())).collect(Collectors.joining(" or "));
  }

  /** {@code [a.example.com, b.example.com]}. */
  static String list(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }

  /** A route's match as a user wrote it: {@code prefix /api, method GET, header x-v=2}. */
  static String match(RouteRuleIr r) {
    List<String> parts = new ArrayList<>();
    if (r.path() != null) parts.add("path " + r.path());
    if (r.pathPrefix() != null) parts.add("prefix " + r.pathPrefix());
    if (r.pathSeparatedPrefix() != null) parts.add("prefix " + r.pathSeparatedPrefix());
    if (r.pathRegex() != null) parts.add("regex " + r.pathRegex());
    for (HeaderMatchIr h : r.headers()) parts.add(header(h));
    for (QueryMatchIr q : r.queryParameters()) parts.add("query " + q.name() + (q.regex() ? " ~ " : "=") + q.value());
    return String.join(", ", parts);
  }

  private static String header(HeaderMatchIr h) {
    if (h.name().equals(":method")) return "method " + h.value();
    return "header " + h.name() + switch (h.type()) {
      case EXACT -> "=" + h.value();
      case REGEX -> " ~ " + h.value();
      case PREFIX -> " starts with " + h.value();
      case PRESENT -> " present";
      case ABSENT -> " absent";
    };
  }
}
