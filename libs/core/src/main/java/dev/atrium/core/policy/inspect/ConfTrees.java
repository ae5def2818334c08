package dev.atrium.core.policy.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.policy.FromRules;
import dev.atrium.core.policy.Origin;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Policy confs as JSON trees for display: without the fields an entry leaves unset, and with, per leaf
 * field, who set it. Leaves are what Kuma's merge replaces whole (scalars and lists); objects merge.
 */
final class ConfTrees {
  private ConfTrees() {}

  static ObjectNode tree(Object conf) {
    JsonNode node = Mappers.JSON.valueToTree(conf);
    return node instanceof ObjectNode o ? withoutNulls(o) : Mappers.JSON.createObjectNode();
  }

  /** Per leaf field path, every entry (in merge order) that set it: the last one won. */
  static <C> SortedMap<String, FieldProvenance> provenance(List<FromRules.Entry<C>> mergeOrder) {
    Map<String, List<FieldProvenance.Overridden>> byField = new LinkedHashMap<>();
    for (FromRules.Entry<C> e : mergeOrder) {
      leaves(tree(e.conf()), "", (path, value) ->
          byField.computeIfAbsent(path, p -> new ArrayList<>()).add(new FieldProvenance.Overridden(e.origin(), value)));
    }
    SortedMap<String, FieldProvenance> out = new TreeMap<>();
    byField.forEach((path, setters) -> {
      FieldProvenance.Overridden winner = setters.get(setters.size() - 1);
      out.put(path, new FieldProvenance(winner.value(), winner.origin(), setters.subList(0, setters.size() - 1)));
    });
    return out;
  }

  private interface LeafVisitor {
    void leaf(String path, JsonNode value);
  }

  private static void leaves(ObjectNode node, String prefix, LeafVisitor visitor) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue() instanceof ObjectNode child) leaves(child, prefix + f.getKey() + ".", visitor);
      else visitor.leaf(prefix + f.getKey(), f.getValue());
    }
  }

  private static ObjectNode withoutNulls(ObjectNode node) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    node.fields().forEachRemaining(f -> {
      JsonNode v = f.getValue();
      if (v == null || v.isNull()) return;
      if (v instanceof ObjectNode o) out.set(f.getKey(), withoutNulls(o));
      else if (v instanceof ArrayNode a) {
        ArrayNode copy = out.putArray(f.getKey());
        a.forEach(item -> copy.add(item instanceof ObjectNode o ? withoutNulls(o) : item));
      } else out.set(f.getKey(), v);
    });
    return out;
  }

  /** The index in its policy's list an origin section names ({@code spec.to[2]} → 2). */
  static int ruleIndex(Origin origin) {
    String s = origin.section();
    int open = s.indexOf('['), close = s.indexOf(']');
    if (open < 0 || close < open) return 0;
    try {
      return Integer.parseInt(s.substring(open + 1, close));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
