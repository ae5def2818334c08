package dev.atrium.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A request the API answered with an error status. Kuma's error JSON is decoded into its parts so
 * that callers can word the message for what they were doing ({@link ErrorRenderer}); a body that is
 * not Kuma's error JSON is kept raw.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final String detail;
  private final List<Violation> violations;
  private final String rawBody;

  public ApiException(int status, String title, String detail, List<Violation> violations, String rawBody) {
    super("HTTP " + status + (title.isEmpty() ? "" : ": " + title) + (detail.isEmpty() ? "" : " (" + detail + ")"));
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.violations = List.copyOf(violations);
    this.rawBody = rawBody;
  }

  /**
   * Reads {@code {"title","detail","invalid_parameters":[{"field","reason"}]}}; falls back to the legacy
   * {@code details}/{@code causes[{field,message}]} copies, which older servers send alone.
   */
  public static ApiException fromResponse(int status, String body) {
    JsonNode tree = parseObject(body);
    if (tree == null) return new ApiException(status, "", "", List.of(), body == null ? "" : body.trim());
    String title = text(tree, "title");
    String detail = text(tree, "detail");
    if (detail.isEmpty()) detail = text(tree, "details");
    List<Violation> violations = violations(tree.get("invalid_parameters"), "reason");
    if (violations.isEmpty()) violations = violations(tree.get("causes"), "message");
    return new ApiException(status, title, detail, violations, body.trim());
  }

  public int status() { return status; }

  public String title() { return title; }

  public String detail() { return detail; }

  public List<Violation> violations() { return violations; }

  /** The body as received; shown only when it is not Kuma's error JSON. */
  public String rawBody() { return rawBody; }

  /** True when the body was Kuma's error JSON rather than, say, a proxy's HTML page. */
  public boolean isStructured() {
    return !title.isEmpty() || !detail.isEmpty() || !violations.isEmpty();
  }

  private static List<Violation> violations(JsonNode array, String messageField) {
    List<Violation> out = new ArrayList<>();
    if (array == null || !array.isArray()) return out;
    for (JsonNode p : array) out.add(new Violation(text(p, "field"), text(p, messageField)));
    return out;
  }

  private static JsonNode parseObject(String body) {
    if (body == null || body.isBlank()) return null;
    try {
      JsonNode tree = Mappers.JSON.readTree(body);
      return tree != null && tree.isObject() ? tree : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
