package dev.atrium.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.atrium.core.validation.FieldPath;
import dev.atrium.core.validation.Violation;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
    violations.add(new Violation(render(p), "unknown field \"" + propertyName + "\""));
    p.skipChildren();
    return true;
  }

  List<Violation> violations() {
    return violations;
  }

  /**
   * The unknown field's path under the base path, e.g. "conf.listeners[0].tls.certificate". Built from
   * the parser's contexts rather than {@code pathAsPointer()}: when the unknown value is a list or an
   * object, the tree parser is already inside it, and records (bound through a buffered creator) add
   * contexts whose pointer renders wrongly. Contexts with a name are fields, unnamed array contexts
   * are indexes, and unnamed object contexts add nothing.
   */
  private String render(JsonParser p) {
    JsonStreamContext ctx = p.getParsingContext();
    if (p.currentToken() != null && p.currentToken().isStructStart()) ctx = ctx.getParent();
    Deque<String> names = new ArrayDeque<>();
    Deque<Integer> indexes = new ArrayDeque<>();
    Deque<Boolean> isIndex = new ArrayDeque<>();
    for (; ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
      if (ctx.getCurrentName() != null) {
        names.push(ctx.getCurrentName());
        isIndex.push(false);
      } else if (ctx.inArray()) {
        indexes.push(ctx.getCurrentIndex());
        isIndex.push(true);
      }
    }
    FieldPath path = base;
    while (!isIndex.isEmpty()) {
      path = isIndex.pop() ? path.index(indexes.pop()) : path.field(names.pop());
    }
    return path.toString();
  }
}
