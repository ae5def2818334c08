package dev.atrium.core.k8s.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.model.IntOrString;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;

/**
 * A model record type to a structural OpenAPI v3 schema, the subset a Kubernetes CRD accepts: every
 * node typed, no {@code $ref} (records are inlined wherever used), unknown fields refused except under
 * a {@link JsonNode}, which Atrium keeps as written ({@code x-kubernetes-preserve-unknown-fields}).
 *
 * <p>It reads what Jackson reads: record components under their JSON names ({@code @JsonProperty}),
 * {@code @JsonAlias} ignored (the apiserver sees the canonical name only). Semantic rules stay with the
 * Validator; the schema gives the shape, so a wrong type or an unknown field never reaches Atrium.
 */
final class SchemaWalker {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Deque<Class<?>> inProgress = new ArrayDeque<>();

  /** The schema of a record type, e.g. {@code MeshGatewaySpec}. */
  ObjectNode schemaOf(Class<?> recordType) {
    return schema(recordType, false, recordType.getSimpleName());
  }

  private ObjectNode schema(Type type, boolean intOrString, String path) {
    if (intOrString) return intOrString(type, path);
    if (type instanceof ParameterizedType p) return container(p, path);
    if (!(type instanceof Class<?> c)) throw unsupported(type, path);
    if (c == String.class) return typed("string");
    if (c == Integer.class || c == int.class || c == Short.class || c == short.class) return typed("integer", "int32");
    if (c == Long.class || c == long.class) return typed("integer", "int64");
    if (c == Boolean.class || c == boolean.class) return typed("boolean");
    if (c == Double.class || c == double.class) return typed("number", "double");
    if (c == Float.class || c == float.class) return typed("number", "float");
    if (c == byte[].class) return typed("string", "byte");
    if (c.isEnum()) return enumSchema(c);
    if (JsonNode.class.isAssignableFrom(c)) return preserveUnknown();
    if (c.isRecord()) return record(c, path);
    throw unsupported(type, path);
  }

  private ObjectNode record(Class<?> c, String path) {
    if (inProgress.contains(c)) {
      throw new IllegalStateException("recursive type " + c.getName() + " at " + path + ": a CRD schema cannot express it");
    }
    inProgress.push(c);
    try {
      ObjectNode out = typed("object");
      ObjectNode properties = NODES.objectNode();
      ArrayNode required = NODES.arrayNode();
      RecordComponent[] components = c.getRecordComponents().clone();
      java.util.Arrays.sort(components, Comparator.comparing(SchemaWalker::jsonName));
      for (RecordComponent rc : components) {
        Field field = field(c, rc);
        if (field.isAnnotationPresent(JsonIgnore.class)) continue;
        String name = jsonName(rc);
        String childPath = path + "." + name;
        ObjectNode child = schema(rc.getGenericType(), rc.isAnnotationPresent(IntOrString.class), childPath);
        String doc = FieldDescriptions.of(c, rc.getName());
        properties.set(name, doc == null ? child : withDescription(doc, child));
        JsonProperty prop = field.getAnnotation(JsonProperty.class);
        if (prop != null && prop.required()) required.add(name);
      }
      if (!properties.isEmpty()) out.set("properties", properties);
      if (!required.isEmpty()) out.set("required", required);
      return out;
    } finally {
      inProgress.pop();
    }
  }

  private ObjectNode container(ParameterizedType p, String path) {
    Class<?> raw = (Class<?>) p.getRawType();
    Type[] args = p.getActualTypeArguments();
    if (Collection.class.isAssignableFrom(raw)) {
      ObjectNode out = typed("array");
      out.set("items", schema(args[0], false, path + "[]"));
      return out;
    }
    if (Map.class.isAssignableFrom(raw)) {
      if (args[0] != String.class) throw unsupported(p, path);
      ObjectNode out = typed("object");
      out.set("additionalProperties", schema(args[1], false, path + "{}"));
      return out;
    }
    throw unsupported(p, path);
  }

  private ObjectNode enumSchema(Class<?> c) {
    ObjectNode out = typed("string");
    ArrayNode values = out.putArray("enum");
    for (Object constant : c.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      try {
        JsonProperty renamed = c.getField(name).getAnnotation(JsonProperty.class);
        values.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : name);
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Kubernetes' int-or-string: both a number and a string pass; the Validator checks the value. */
  private static ObjectNode intOrString(Type type, String path) {
    if (type != String.class && type != Integer.class && type != int.class && type != Long.class && type != long.class) {
      throw new IllegalStateException("@IntOrString on " + type.getTypeName() + " at " + path + ": only numbers and strings");
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode anyOf = out.putArray("anyOf");
    anyOf.add(typed("integer"));
    anyOf.add(typed("string"));
    out.put("x-kubernetes-int-or-string", true);
    return out;
  }

  private static ObjectNode preserveUnknown() {
    ObjectNode out = NODES.objectNode();
    out.put("x-kubernetes-preserve-unknown-fields", true);
    return out;
  }

  private static ObjectNode typed(String type) {
    ObjectNode out = NODES.objectNode();
    out.put("type", type);
    return out;
  }

  private static ObjectNode typed(String type, String format) {
    ObjectNode out = typed(type);
    out.put("format", format);
    return out;
  }

  /** The same schema with a description first, where kubectl explain and readers look for it. */
  static ObjectNode withDescription(String description, ObjectNode schema) {
    ObjectNode out = NODES.objectNode();
    out.put("description", description);
    schema.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("description")) out.set(e.getKey(), e.getValue());
    });
    return out;
  }

  /** Jackson's name for a component: {@code @JsonProperty("default")} on the field, else the component's. */
  static String jsonName(RecordComponent rc) {
    JsonProperty prop = field(rc.getDeclaringRecord(), rc).getAnnotation(JsonProperty.class);
    return prop != null && !prop.value().isEmpty() ? prop.value() : rc.getName();
  }

  /** Jackson's annotations target fields, not record components, so they are read from the field. */
  private static Field field(Class<?> record, RecordComponent rc) {
    try {
      return record.getDeclaredField(rc.getName());
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IllegalStateException unsupported(Type type, String path) {
    return new IllegalStateException("no CRD schema for " + type.getTypeName() + " at " + path
        + "; teach dev.atrium.core.k8s.crd.SchemaWalker the type or use a record");
  }
}
