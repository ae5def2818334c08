package dev.atrium.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One page of a Kuma list response: {@code {"total":N,"items":[...],"next":url|null}}. Items stay JSON
 * trees so that {@code -o yaml|json} can print exactly what the server sent.
 */
public record ListPage(long total, List<JsonNode> items, String next) {

  public static ListPage fromJson(JsonNode body) {
    List<JsonNode> items = new ArrayList<>();
    body.path("items").forEach(items::add);
    JsonNode next = body.get("next");
    String nextUrl = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
    return new ListPage(body.path("total").asLong(items.size()), List.copyOf(items), nextUrl);
  }

  /** The list as kumactl prints it with -o yaml/json. */
  public ObjectNode toJson() {
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.putArray("items").addAll(items);
    if (next == null) out.putNull("next"); else out.put("next", next);
    out.put("total", total);
    return out;
  }

  /** The {@code offset} of the next page, read from the server's {@code next} URL; empty on the last page. */
  public OptionalInt nextOffset() {
    if (next == null) return OptionalInt.empty();
    String query;
    try {
      query = URI.create(next).getRawQuery();
    } catch (IllegalArgumentException e) {
      return OptionalInt.empty();
    }
    if (query == null) return OptionalInt.empty();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("offset")) {
        try {
          return OptionalInt.of(Integer.parseInt(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
          return OptionalInt.empty();
        }
      }
    }
    return OptionalInt.empty();
  }

  /** kumactl's hint under a partial table. */
  public static String moreFooter(int offset) {
    return "Rerun command with --offset=" + offset + " argument to retrieve more resources";
  }
}
