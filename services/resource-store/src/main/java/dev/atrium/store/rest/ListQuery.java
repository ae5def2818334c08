package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Kuma's list semantics: filter ({@code name} substring, {@code filter[labels.k]=v}), then slice with
 * {@code size} (default 100, at most 1000) and {@code offset}, and a {@code next} link that repeats
 * every original query parameter with the offset moved on.
 */
record ListQuery(int size, int offset, String nameContains, Map<String, String> labelFilters,
    MultivaluedMap<String, String> params) {

  static final int DEFAULT_SIZE = 100;
  static final int MAX_SIZE = 1000;

  static ListQuery parse(MultivaluedMap<String, String> params) {
    List<Violation> violations = new ArrayList<>();
    int size = DEFAULT_SIZE;
    String sizeParam = params.getFirst("size");
    if (sizeParam != null) {
      try {
        size = Integer.parseInt(sizeParam);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size <= 0 || size > MAX_SIZE) {
        violations.add(new Violation("size", "must be a number between 1 and " + MAX_SIZE));
      }
    }
    int offset = 0;
    String offsetParam = params.getFirst("offset");
    if (offsetParam != null && !offsetParam.isEmpty()) {
      try {
        offset = Integer.parseInt(offsetParam);
        if (offset < 0) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        violations.add(new Violation("offset", "invalid offset: " + offsetParam));
      }
    }
    Map<String, String> labels = new TreeMap<>();
    for (String key : params.keySet()) {
      if (key.startsWith("filter[")) {
        if (key.startsWith("filter[labels.") && key.endsWith("]")) {
          labels.put(key.substring("filter[labels.".length(), key.length() - 1), params.getFirst(key));
        } else {
          violations.add(new Violation(key, "unsupported filter; only filter[labels.<key>]=<value> is supported"));
        }
      }
    }
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    return new ListQuery(size, offset, params.getFirst("name"), labels, params);
  }

  boolean matches(Resource r) {
    if (nameContains != null && !r.name().contains(nameContains)) return false;
    for (var e : labelFilters.entrySet()) {
      if (!e.getValue().equals(r.meta().labels().get(e.getKey()))) return false;
    }
    return true;
  }

  /** For computed entries with no labels (service insights): the name filter only; a label filter matches nothing. */
  boolean matchesName(String name) {
    return (nameContains == null || name.contains(nameContains)) && labelFilters.isEmpty();
  }

  /**
   * Kuma's list body over {@code matching} (already filtered): {@code total}, this page's {@code items} as
   * {@code render} makes them, and {@code next}.
   */
  ObjectNode page(List<Resource> matching, URI requestUri, Function<Resource, JsonNode> render) {
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("total", matching.size());
    ArrayNode items = body.putArray("items");
    int end = Math.min(matching.size(), offset + size);
    for (int i = offset; i < end; i++) items.add(render.apply(matching.get(i)));
    String next = nextUrl(requestUri, matching.size());
    if (next == null) body.putNull("next"); else body.put("next", next);
    return body;
  }

  /** The absolute URL of the next page, or null when this page is the last. */
  String nextUrl(URI requestUri, int total) {
    if (offset + size >= total) return null;
    TreeSet<String> keys = new TreeSet<>(params.keySet());
    keys.add("offset");
    StringBuilder q = new StringBuilder();
    for (String key : keys) {
      List<String> values = key.equals("offset") ? List.of(String.valueOf(offset + size)) : params.get(key);
      for (String v : values) {
        if (q.length() > 0) q.append('&');
        q.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return requestUri.getScheme() + "://" + requestUri.getRawAuthority() + requestUri.getRawPath() + "?" + q;
  }
}
