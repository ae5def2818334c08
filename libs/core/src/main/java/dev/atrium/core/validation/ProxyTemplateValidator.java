package dev.atrium.core.validation;

import com.google.protobuf.Any;
import dev.atrium.core.model.proxypatch.Modification;
import dev.atrium.core.model.proxypatch.Mod;
import dev.atrium.core.model.proxypatch.ProxyTemplateSpec;
import dev.atrium.core.model.proxypatch.ProxyTemplateSpec.Conf;
import dev.atrium.core.xds.EnvoyYaml;
import java.util.List;

/**
 * Kuma's legacy ProxyTemplate validator with its paths and messages: selectors with at least one tag
 * including kuma.io/service; imports among the profiles ({@code default-proxy}, {@code gateway-proxy});
 * raw resources named, versioned and parseable; each modification's operation of its kind (lower camel
 * case) and a value that parses as the Envoy type.
 */
final class ProxyTemplateValidator {
  private ProxyTemplateValidator() {}

  static final List<String> PROFILES = List.of("default-proxy", "gateway-proxy");
  private static final TagRules.Options SELECTOR = new TagRules.Options(true, true, java.util.Set.of());

  static void validate(ProxyTemplateSpec spec, FieldPath root, Violations v) {
    TagRules.selectors(v, root.field("selectors"), spec.selectors(), false, SELECTOR);
    FieldPath conf = root.field("conf");
    Conf c = spec.conf() == null ? new Conf(null, null, null) : spec.conf();
    for (int i = 0; i < c.imports().size(); i++) {
      String imp = c.imports().get(i);
      if (imp == null || imp.isEmpty()) {
        v.add(conf.field("imports").index(i), "cannot be empty");
      } else if (!PROFILES.contains(imp)) {
        v.add(conf.field("imports").index(i), "profile not found. Available profiles: " + String.join(",", PROFILES));
      }
    }
    for (int i = 0; i < c.resources().size(); i++) {
      FieldPath path = conf.field("resources").index(i);
      ProxyTemplateSpec.RawResource r = c.resources().get(i);
      if (r.name() == null || r.name().isEmpty()) v.add(path.field("name"), "cannot be empty");
      if (r.version() == null || r.version().isEmpty()) v.add(path.field("version"), "cannot be empty");
      if (r.resource() == null || r.resource().isEmpty()) {
        v.add(path.field("resource"), "cannot be empty");
      } else {
        // A raw resource says its own type (@type), as an Any does.
        MeshProxyPatchValidator.envoyResource(v, path.field("resource"), r.resource(), Any::newBuilder);
      }
    }
    for (int i = 0; i < c.modifications().size(); i++) {
      FieldPath path = conf.field("modifications").index(i);
      Modification m = c.modifications().get(i);
      if (m.target() == null) continue; // Kuma's oneof: nothing set is nothing to check
      modification(v, path.field(m.target().field), m.target(), m.mod());
    }
  }

  private static void modification(Violations v, FieldPath path, Modification.Target target, Mod mod) {
    String op = mod.operation() == null ? "" : mod.operation();
    boolean filter = target == Modification.Target.NETWORK_FILTER || target == Modification.Target.HTTP_FILTER;
    boolean hasName = mod.match() != null && mod.match().name() != null && !mod.match().name().isEmpty();
    var type = MeshProxyPatchValidator.envoyType(target);
    FieldPath value = path.field("value");
    if (filter) {
      switch (op) {
        case "addFirst", "addLast" -> MeshProxyPatchValidator.envoyResource(v, value, nullSafe(mod.value()), type);
        case "addBefore", "addAfter" -> {
          if (!hasName) {
            v.add(path.field("match").field("name"), "cannot be empty. You need to pick a filter "
                + (op.equals("addBefore") ? "before" : "after") + " which this one will be added");
          }
          MeshProxyPatchValidator.envoyResource(v, value, nullSafe(mod.value()), type);
        }
        case "patch" -> {
          if (!hasName) v.add(path.field("match").field("name"), "cannot be empty");
          MeshProxyPatchValidator.envoyResource(v, value, nullSafe(mod.value()), type);
        }
        case "remove" -> { }
        default -> v.add(path.field("operation"), "invalid operation. Available operations: \"addFirst\", \"addLast\","
            + " \"addBefore\", \"addAfter\", \"patch\", \"remove\"");
      }
      return;
    }
    switch (op) {
      case "add" -> {
        if (target == Modification.Target.VIRTUAL_HOST) {
          if (hasName) v.add(path.field("match").field("name"), "cannot be defined");
        } else if (mod.match() != null) {
          v.add(path.field("match"), "cannot be defined");
        }
        MeshProxyPatchValidator.envoyResource(v, value, nullSafe(mod.value()), type);
      }
      case "patch" -> MeshProxyPatchValidator.envoyResource(v, value, nullSafe(mod.value()), type);
      case "remove" -> { }
      default -> v.add(path.field("operation"), "invalid operation. Available operations: \"add\", \"patch\", \"remove\"");
    }
  }

  private static String nullSafe(String s) {
    return s == null ? "" : s;
  }
}
