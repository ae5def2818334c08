package dev.atrium.webhook.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6902 JSON Patch built against one known document, operations in the order they are added.
 * It only ever adds: the webhooks add containers, volumes and metadata entries and never remove what
 * the user wrote. A missing map or array is created by one operation that carries every entry added
 * to it, because {@code add /metadata/annotations/x} fails on a Pod without annotations.
 */
public final class JsonPatch {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<Op> ops = new ArrayList<>();
  /** Maps and arrays this patch creates, by path, so later additions to them land inside. */
  private final Map<String, JsonNode> created = new HashMap<>();

  /** One {@code add} operation. */
  public record Op(String path, JsonNode value) {}

  /** Sets {@code key} in the map at {@code mapPath} of {@code doc}, creating the map if it is missing. */
  public JsonPatch putInMap(JsonNode doc, String mapPath, String key, String value) {
    if (created.get(mapPath) instanceof ObjectNode map) {
      map.put(key, value);
    } else if (absent(doc.at(mapPath))) {
      ObjectNode map = NODES.objectNode().put(key, value);
      created.put(mapPath, map);
      ops.add(new Op(mapPath, map));
    } else {
      ops.add(new Op(mapPath + "/" + escape(key), NODES.textNode(value)));
    }
    return this;
  }

  /** Appends {@code value} to the array at {@code arrayPath} of {@code doc}, creating the array if it is missing. */
  public JsonPatch append(JsonNode doc, String arrayPath, JsonNode value) {
    if (created.get(arrayPath) instanceof ArrayNode array) {
      array.add(value);
    } else if (absent(doc.at(arrayPath))) {
      ArrayNode array = NODES.arrayNode().add(value);
      created.put(arrayPath, array);
      ops.add(new Op(arrayPath, array));
    } else {
      ops.add(new Op(arrayPath + "/-", value));
    }
    return this;
  }

  /** Inserts {@code value} at the front of the array at {@code arrayPath}, creating the array if it is missing. */
  public JsonPatch prepend(JsonNode doc, String arrayPath, JsonNode value) {
    if (created.get(arrayPath) instanceof ArrayNode array) {
      array.insert(0, value);
    } else if (absent(doc.at(arrayPath)) || doc.at(arrayPath).isEmpty()) {
      return append(doc, arrayPath, value);
    } else {
      ops.add(new Op(arrayPath + "/0", value));
    }
    return this;
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  public List<Op> ops() {
    return List.copyOf(ops);
  }

  /** The patch as the JSON array the API server expects. */
  public ArrayNode toJson() {
    ArrayNode out = NODES.arrayNode();
    for (Op op : ops) out.addObject().put("op", "add").put("path", op.path()).set("value", op.value());
    return out;
  }

  /** RFC 6901: '~' becomes "~0" and '/' becomes "~1" inside one path segment (kuma.io/mesh → kuma.io~1mesh). */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }
}
