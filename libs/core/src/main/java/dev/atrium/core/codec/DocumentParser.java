package dev.atrium.core.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.atrium.core.validation.InvalidResourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Text to JSON trees. Accepts JSON or YAML (one document, or several separated by {@code ---}, as
 * {@code kubectl apply -f} and {@code kumactl apply -f} do). Syntax errors name the line and column.
 */
public final class DocumentParser {
  private DocumentParser() {}

  /** Every non-empty document in the text, in order. */
  public static List<JsonNode> parseAll(String text) {
    if (looksLikeJson(text)) return List.of(parseJson(text));
    List<JsonNode> docs = new ArrayList<>();
    try (JsonParser parser = Mappers.YAML.createParser(text);
        MappingIterator<JsonNode> it = Mappers.YAML.readValues(parser, JsonNode.class)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        // A comment-only document or a trailing "---" is no resource, not an error.
        boolean empty = doc == null || doc.isNull() || doc.isMissingNode() || (doc.isTextual() && doc.asText().isBlank());
        if (!empty) docs.add(doc);
      }
    } catch (RuntimeException | IOException e) {
      throw syntaxError("YAML", e);
    }
    return docs;
  }

  /** Exactly one document. */
  public static JsonNode parseOne(String text) {
    List<JsonNode> docs = parseAll(text);
    if (docs.isEmpty()) throw new InvalidResourceException("", "the body is empty: expected one resource");
    if (docs.size() > 1) {
      throw new InvalidResourceException("", "expected one resource, found " + docs.size() + " documents");
    }
    return docs.get(0);
  }

  private static JsonNode parseJson(String text) {
    try (JsonParser parser = Mappers.JSON.createParser(text)) {
      JsonNode node = Mappers.JSON.readTree(parser);
      if (parser.nextToken() != null && parser.currentToken() != JsonToken.NOT_AVAILABLE) {
        throw new InvalidResourceException("", "invalid JSON: unexpected content after the first document");
      }
      return node;
    } catch (IOException e) {
      throw syntaxError("JSON", e);
    }
  }

  private static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') return c == '{';
    }
    return false;
  }

  private static InvalidResourceException syntaxError(String format, Exception e) {
    Throwable cause = e.getCause() != null && !(e instanceof JsonProcessingException) ? e.getCause() : e;
    String message = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : String.valueOf(cause.getMessage());
    JsonLocation loc = cause instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
    message = firstLine(message);
    String where = loc != null && loc.getLineNr() > 0 ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : "";
    return new InvalidResourceException("", "invalid " + format + ": " + message + where);
  }

  /** The parser's own words without its source-location noise (we add line and column ourselves). */
  private static String firstLine(String s) {
    if (s == null) return "unreadable input";
    int nl = s.indexOf('\n');
    String line = (nl < 0 ? s : s.substring(0, nl)).trim();
    int noise = line.indexOf(" (start marker at");
    return noise < 0 ? line : line.substring(0, noise);
  }
}
