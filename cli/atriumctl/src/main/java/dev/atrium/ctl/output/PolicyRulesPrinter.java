package dev.atrium.ctl.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code atriumctl inspect dataplane NAME} and the policy part of {@code inspect meshgateway NAME}: from
 * the {@code _rules} answer, per policy kind and per destination or inbound, each field's value, the
 * policy entry that set it and the entries it overrode; then, for a Dataplane, per listener, route and
 * cluster of its configuration, which entry set what. YAML and JSON print the answer as it came.
 */
public final class PolicyRulesPrinter {
  /** Why an entry loses, said once under the tables. */
  static final String MERGE_ORDER = "A field's value comes from the last entry in Kuma's merge order that sets it: a more"
      + " specific top-level targetRef (Mesh < Dataplane < MeshSubset < MeshGateway < MeshService), then, between"
      + " equals, the policy first by name. OVERRODE lists the entries that set it too and lost.";

  private final OutputFormat format;

  public PolicyRulesPrinter(OutputFormat format) {
    this.format = format;
  }

  public String print(JsonNode rules) {
    try {
      return switch (format) {
        case JSON -> Mappers.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rules) + "\n";
        case YAML -> Mappers.YAML.writeValueAsString(rules);
        case TABLE -> table(rules);
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String table(JsonNode rules) {
    StringBuilder out = new StringBuilder();
    JsonNode resource = rules.path("resource");
    out.append(resource.path("type").asText()).append(' ').append(resource.path("mesh").asText()).append('/')
        .append(resource.path("name").asText()).append("\n");
    if (rules.path("rules").isEmpty()) {
      out.append("\nNo connection policy selects it.\n");
    }
    for (JsonNode kind : rules.path("rules")) {
      String type = kind.path("type").asText();
      for (JsonNode rule : kind.path("toRules")) {
        section(out, type + " to " + matchers(rule.path("matchers")), rule);
      }
      for (JsonNode inbound : kind.path("fromRules")) {
        String port = inbound.path("inbound").path("port").asText();
        for (JsonNode rule : inbound.path("rules")) {
          section(out, type + " from " + matchers(rule.path("matchers")) + " on inbound " + port, rule);
        }
      }
    }
    JsonNode effects = rules.path("effects");
    if (!effects.isMissingNode() && !effects.isEmpty()) {
      out.append("\nON THE PROXY\n");
      TableWriter table = new TableWriter(List.of("TYPE", "NAME", "FIELD", "SET BY"));
      for (JsonNode e : effects) {
        e.path("fields").fields().forEachRemaining(f ->
            table.addRow(List.of(e.path("type").asText(), e.path("name").asText(), f.getKey(), f.getValue().asText())));
      }
      out.append(table.render());
    }
    if (!rules.path("rules").isEmpty()) out.append('\n').append(MERGE_ORDER).append('\n');
    return out.toString();
  }

  private static void section(StringBuilder out, String title, JsonNode rule) {
    out.append('\n').append(title).append('\n');
    TableWriter table = new TableWriter(List.of("FIELD", "VALUE", "SET BY", "OVERRODE"));
    rule.path("fields").fields().forEachRemaining(f -> {
      JsonNode p = f.getValue();
      List<String> lost = new ArrayList<>();
      p.path("overrode").forEach(o -> lost.add(o.path("origin").asText() + " (" + value(o.path("value")) + ")"));
      table.addRow(List.of(f.getKey(), value(p.path("value")), p.path("setBy").asText(), String.join(", ", lost)));
    });
    out.append(table.render());
  }

  private static String matchers(JsonNode matchers) {
    if (matchers.isEmpty()) return "everything else";
    List<String> parts = new ArrayList<>();
    matchers.forEach(m -> parts.add((m.path("not").asBoolean() ? "!" : "") + m.path("key").asText() + "=" + m.path("value").asText()));
    return String.join(",", parts);
  }

  private static String value(JsonNode v) {
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
