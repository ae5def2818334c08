package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.inspect.EntryConf;
import dev.atrium.core.policy.inspect.FieldProvenance;
import dev.atrium.core.policy.inspect.KindRules;
import dev.atrium.core.policy.inspect.ProxyPolicyEffects;
import dev.atrium.core.policy.inspect.SubsetRule;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kuma's {@code _rules} body (its field names and nesting, which the GUI reads) built from
 * {@link KindRules}. Atrium adds, where Kuma's clients ignore unknown fields, {@code fields} on each rule
 * (per field: value, the entry that set it, the entries it overrode) and, for a Dataplane,
 * {@code effects} (per listener, route and cluster: which entry set each field).
 */
final class RulesJson {
  private RulesJson() {}

  static ObjectNode body(MeshSnapshot mesh, Resource subject, List<KindRules> kinds) {
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.putArray("httpMatches");
    body.set("resource", meta(subject));
    ArrayNode rules = body.putArray("rules");
    for (KindRules k : kinds) {
      ObjectNode rule = rules.addObject();
      ArrayNode from = rule.putArray("fromRules");
      k.fromRules().forEach(i -> {
        ObjectNode item = from.addObject();
        item.set("inbound", inbound(i));
        ArrayNode list = item.putArray("rules");
        i.rules().forEach(r -> list.add(subsetRule(mesh, r)));
      });
      ArrayNode inbound = rule.putArray("inboundRules");
      k.inboundRules().forEach(i -> {
        ObjectNode item = inbound.addObject();
        item.set("inbound", inbound(i));
        ArrayNode list = item.putArray("rules");
        i.rules().forEach(e -> {
          ObjectNode r = list.addObject();
          r.putArray("conf").add(e.conf());
          r.putArray("origin").add(entryOrigin(mesh, e));
        });
      });
      ArrayNode toResource = rule.putArray("toResourceRules");
      if (!k.toResourceRules().isEmpty()) {
        ObjectNode item = toResource.addObject();
        ArrayNode confs = item.putArray("conf");
        ArrayNode origins = item.putArray("origin");
        for (EntryConf e : k.toResourceRules()) {
          confs.add(e.conf());
          origins.add(entryOrigin(mesh, e));
        }
        // The entries name the whole Mesh: Kuma describes it with an empty mesh and no labels.
        item.putObject("resourceMeta").put("mesh", "").put("name", mesh.name()).put("type", "Mesh").putObject("labels");
        item.put("resourceSectionName", "");
      }
      ArrayNode to = rule.putArray("toRules");
      k.toRules().forEach(r -> to.add(subsetRule(mesh, r)));
      rule.put("type", k.type().typeName());
      rule.putArray("warnings");
    }
    return body;
  }

  static void effects(ObjectNode body, List<ProxyPolicyEffects.Element> elements) {
    ArrayNode out = body.putArray("effects");
    for (ProxyPolicyEffects.Element e : elements) {
      ObjectNode item = out.addObject().put("type", e.type()).put("name", e.name());
      ObjectNode fields = item.putObject("fields");
      e.fields().forEach((f, origin) -> fields.put(f, origin.describe()));
    }
  }

  private static ObjectNode subsetRule(MeshSnapshot mesh, SubsetRule r) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.set("conf", r.conf());
    ArrayNode matchers = out.putArray("matchers");
    new TreeMap<>(r.matchers()).forEach((k, v) -> matchers.addObject().put("key", k).put("not", false).put("value", v));
    ArrayNode origin = out.putArray("origin");
    r.origins().forEach(o -> origin.add(meta(mesh, o)));
    ObjectNode fields = out.putObject("fields");
    r.fields().forEach((path, p) -> fields.set(path, field(p)));
    return out;
  }

  private static ObjectNode field(FieldProvenance p) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.set("value", p.value());
    out.put("setBy", p.setBy().describe());
    ArrayNode overrode = out.putArray("overrode");
    p.overridden().forEach(o -> overrode.addObject().put("origin", o.origin().describe()).set("value", o.value()));
    return out;
  }

  private static ObjectNode inbound(KindRules.Inbound<?> i) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    if (i.name() != null && !i.name().isEmpty()) out.put("name", i.name());
    out.put("port", i.port());
    out.set("tags", Mappers.JSON.valueToTree(new TreeMap<>(i.tags())));
    return out;
  }

  private static ObjectNode entryOrigin(MeshSnapshot mesh, EntryConf e) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.set("resourceMeta", meta(mesh, e.origin()));
    out.put("ruleIndex", e.ruleIndex());
    return out;
  }

  private static ObjectNode meta(MeshSnapshot mesh, Origin origin) {
    return mesh.get(origin.kind(), origin.name()).map(RulesJson::meta)
        .orElseGet(() -> meta(origin.kind().typeName(), mesh.name(), origin.name(), Map.of()));
  }

  private static ObjectNode meta(Resource r) {
    return meta(r.kind().typeName(), r.mesh() == null ? "" : r.mesh(), r.name(), r.meta().labels());
  }

  private static ObjectNode meta(String type, String mesh, String name, Map<String, String> labels) {
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.set("labels", Mappers.JSON.valueToTree(new TreeMap<>(labels)));
    out.put("mesh", mesh).put("name", name).put("type", type);
    return out;
  }
}
