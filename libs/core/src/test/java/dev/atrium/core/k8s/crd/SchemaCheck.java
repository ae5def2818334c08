package dev.atrium.core.k8s.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a document against a CRD's openAPIV3Schema the way the API server does for the parts the
 * generator emits (types, enums, int-or-string, unknown fields, required). A unit-test stand-in for the
 * real server, which CrdsE2ETest runs; here it shows quickly that the codec's output fits the CRDs.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** Field paths and what is wrong with them; empty when the document fits. */
  static List<String> check(JsonNode schema, JsonNode doc) {
    List<String> errors = new ArrayList<>();
    check(schema, doc, "", errors);
    return errors;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!value.isIntegralNumber() && !value.isTextual()) errors.add(path + ": must be an integer or a string");
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "" -> {
        if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) errors.add(path + ": schema without type");
        return;
      }
      // byte[] reaches a tree as a binary node; it is written as base64 text.
      case "string" -> { if (!value.isTextual() && !value.isBinary()) errors.add(path + ": must be a string"); }
      case "integer" -> { if (!value.isIntegralNumber()) errors.add(path + ": must be an integer"); }
      case "number" -> { if (!value.isNumber()) errors.add(path + ": must be a number"); }
      case "boolean" -> { if (!value.isBoolean()) errors.add(path + ": must be a boolean"); }
      case "array" -> {
        if (!value.isArray()) {
          errors.add(path + ": must be an array");
        } else {
          for (int i = 0; i < value.size(); i++) check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
        }
      }
      case "object" -> checkObject(schema, value, path, errors);
      default -> errors.add(path + ": unknown schema type " + type);
    }
    if (schema.has("enum") && value.isValueNode()) {
      boolean listed = false;
      for (JsonNode e : schema.get("enum")) listed |= e.equals(value);
      if (!listed) errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
  }

  private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (!value.isObject()) {
      errors.add(path + ": must be an object");
      return;
    }
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (properties != null && properties.has(e.getKey())) {
        check(properties.get(e.getKey()), e.getValue(), child, errors);
      } else if (additional != null) {
        check(additional, e.getValue(), path + "[" + e.getKey() + "]", errors);
      } else if (!preserve && properties != null) {
        errors.add(child + ": unknown field");
      }
    }
    for (JsonNode r : schema.path("required")) {
      if (!value.has(r.asText())) errors.add(path + "." + r.asText() + ": required");
    }
  }
}
