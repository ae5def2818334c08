package dev.atrium.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.validation.FieldPath;
import dev.atrium.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YAML makes nulls easy to write by accident ({@code hostname:} with no value, a bare {@code -}).
 * A null field means "absent", as in Kuma; a null list element is an error with its path rather
 * than a NullPointerException deep in a validator.
 */
final class NullCleaner {
  private NullCleaner() {}

  static ObjectNode clean(ObjectNode in, FieldPath path, List<Violation> violations) {
    ObjectNode out = in.deepCopy();
    cleanObject(out, path, violations);
    return out;
  }

  private static void cleanObject(ObjectNode node, FieldPath path, List<Violation> violations) {
    List<String> nullFields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isNull()) {
        nullFields.add(e.getKey());
      } else {
        cleanValue(e.getValue(), path.field(e.getKey()), violations);
      }
    }
    node.remove(nullFields);
  }

  private static void cleanValue(JsonNode value, FieldPath path, List<Violation> violations) {
    if (value instanceof ObjectNode o) {
      cleanObject(o, path, violations);
    } else if (value instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isNull()) {
          violations.add(new Violation(path.index(i).toString(), "cannot be null"));
        } else {
          cleanValue(a.get(i), path.index(i), violations);
        }
      }
    }
  }
}
