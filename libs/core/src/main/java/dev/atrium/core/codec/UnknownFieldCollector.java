package dev.atrium.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.atrium.core.validation.FieldPath;
import dev.atrium.core.validation.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every unknown field of one binding instead of stopping at the first, so a user with three
 * typos hears about all three at once.
 */
final class UnknownFieldCollector extends DeserializationProblemHandler {
  private final FieldPath base;
  private final List<Violation> violations = new ArrayList<>();

  UnknownFieldCollector(FieldPath base) {
    this.base = base;
  }

  @Override
  public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
      Object beanOrClass, String propertyName) throws IOException {
    violations.add(new Violation(render(p.getParsingContext().pathAsPointer()), "unknown field \"" + propertyName + "\""));
    p.skipChildren();
    return true;
  }

  List<Violation> violations() {
    return violations;
  }

  /** "/conf/listeners/0/foo" becomes "conf.listeners[0].foo" under the base path. */
  private String render(JsonPointer pointer) {
    FieldPath path = base;
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.getMatchingIndex() >= 0) {
        path = path.index(p.getMatchingIndex());
      } else {
        path = path.field(p.getMatchingProperty());
      }
    }
    return path.toString();
  }
}
