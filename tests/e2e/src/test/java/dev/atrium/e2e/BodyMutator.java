package dev.atrium.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.DocumentParser;
import dev.atrium.core.codec.Mappers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Produces hostile request bodies from valid ones: structural mutations of the JSON tree (wrong
 * types, unknown fields, removed fields, huge and negative numbers, long strings, deep nesting) and
 * textual ones (truncation, flipped bytes, YAML tricks). Deterministic for a given seed.
 */
final class BodyMutator {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final Random random;

  BodyMutator(long seed) {
    this.random = new Random(seed);
  }

  String mutate(String valid) {
    return switch (random.nextInt(10)) {
      case 0 -> truncate(valid);
      case 1 -> flipBytes(valid);
      case 2 -> textTrick();
      default -> treeMutation(valid);
    };
  }

  private String treeMutation(String valid) {
    JsonNode tree = DocumentParser.parseOne(valid).deepCopy();
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collectContainers(tree, containers);
      JsonNode target = containers.get(random.nextInt(containers.size()));
      if (target instanceof ObjectNode o) mutateObject(o); else mutateArray((ArrayNode) target);
    }
    String json = tree.toString();
    return random.nextBoolean() ? json : toYaml(tree);
  }

  private void mutateObject(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    String field = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
    switch (random.nextInt(5)) {
      case 0 -> o.remove(field);
      case 1 -> o.set("unknownField" + random.nextInt(100), hostileValue());
      default -> o.set(field, hostileValue());
    }
  }

  private void mutateArray(ArrayNode a) {
    switch (random.nextInt(3)) {
      case 0 -> a.add(hostileValue());
      case 1 -> { if (!a.isEmpty()) a.remove(random.nextInt(a.size())); }
      default -> { if (!a.isEmpty()) a.set(random.nextInt(a.size()), hostileValue()); }
    }
  }

  private JsonNode hostileValue() {
    return switch (random.nextInt(16)) {
      case 0 -> F.nullNode();
      case 1 -> F.textNode("");
      case 2 -> F.textNode("x".repeat(100_000));
      case 3 -> F.numberNode(-1);
      case 4 -> F.numberNode(Long.MAX_VALUE);
      case 5 -> F.numberNode(new java.math.BigInteger("99999999999999999999999999999"));
      case 6 -> F.numberNode(1e308);
      case 7 -> F.booleanNode(random.nextBoolean());
      case 8 -> F.arrayNode().add(F.objectNode());
      case 9 -> F.objectNode().put("kuma.io/service", "*");
      case 10 -> deep(200);
      case 11 -> F.textNode("HTTPS");
      case 12 -> F.textNode("*.*.example.com");
      case 13 -> F.numberNode(0);
      case 14 -> F.textNode("\u0000\uFFFF\uD83D\uDE00");
      default -> F.numberNode(65536);
    };
  }

  private String truncate(String valid) {
    return valid.substring(0, random.nextInt(Math.max(1, valid.length())));
  }

  private String flipBytes(String valid) {
    char[] chars = valid.toCharArray();
    for (int i = 0; i < 1 + random.nextInt(4); i++) chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
    return new String(chars);
  }

  private String textTrick() {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> "   \n\t";
      case 2 -> "[1,2,3]";
      case 3 -> "a: &a [1,2]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c]\n";
      case 4 -> "type: !!python/object:os.system 'true'\nname: x\n";
      case 5 -> "[".repeat(5_000);
      case 6 -> "type: MeshGateway\nname: x\n---\ntype: MeshGateway\nname: y\n";
      default -> "\"just a string\"";
    };
  }

  private static JsonNode deep(int depth) {
    ObjectNode root = F.objectNode();
    ObjectNode cur = root;
    for (int i = 0; i < depth; i++) cur = cur.putObject("n");
    return root;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) out.add(node);
    node.forEach(child -> collectContainers(child, out));
  }

  private static String toYaml(JsonNode tree) {
    try {
      return Mappers.YAML.writeValueAsString(tree);
    } catch (Exception e) {
      return tree.toString();
    }
  }
}
