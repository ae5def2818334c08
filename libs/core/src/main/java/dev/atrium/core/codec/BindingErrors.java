package dev.atrium.core.codec;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.atrium.core.validation.FieldPath;
import dev.atrium.core.validation.Violation;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/** Turns Jackson's binding errors into violations with Kuma-style field paths and plain messages. */
final class BindingErrors {
  private BindingErrors() {}

  static Violation toViolation(FieldPath base, Exception e) {
    if (e instanceof JsonMappingException jme) {
      FieldPath path = pathOf(base, jme);
      if (e instanceof UnrecognizedPropertyException upe) {
        return new Violation(path.toString(), "unknown field \"" + upe.getPropertyName() + "\"");
      }
      if (e instanceof InvalidFormatException ife) {
        return new Violation(path.toString(),
            "invalid value " + quote(ife.getValue()) + ": " + expected(ife.getTargetType()));
      }
      if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
        return new Violation(path.toString(), "invalid value: " + expected(mie.getTargetType()));
      }
      if (e instanceof ValueInstantiationException && e.getCause() != null) {
        return new Violation(path.toString(), firstLine(e.getCause().getMessage()));
      }
      if (jme.getCause() instanceof InputCoercionException) {
        return new Violation(path.toString(), "value out of range");
      }
      return new Violation(path.toString(), firstLine(jme.getOriginalMessage()));
    }
    if (e instanceof InputCoercionException) return new Violation(base.toString(), "value out of range");
    return new Violation(base.toString(), firstLine(e.getMessage()));
  }

  private static FieldPath pathOf(FieldPath base, DatabindException e) {
    FieldPath path = base;
    if (e instanceof JsonMappingException jme) {
      for (JsonMappingException.Reference ref : jme.getPath()) {
        if (ref.getIndex() >= 0) {
          path = path.index(ref.getIndex());
        } else if (ref.getFieldName() != null) {
          path = ref.getFrom() instanceof Map ? path.key(ref.getFieldName()) : path.field(ref.getFieldName());
        }
      }
    }
    return path;
  }

  static String expected(Class<?> type) {
    if (type == null) return "wrong type";
    if (type.isEnum()) {
      return "must be one of " + Arrays.toString(type.getEnumConstants());
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "must be an integer";
    }
    if (type == Double.class || type == double.class) return "must be a number";
    if (type == Boolean.class || type == boolean.class) return "must be true or false";
    if (type == String.class) return "must be a string";
    if (type == byte[].class) return "must be base64-encoded data";
    if (Collection.class.isAssignableFrom(type)) return "must be a list";
    return "must be an object";
  }

  private static String quote(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  private static String firstLine(String s) {
    if (s == null) return "invalid value";
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
