package dev.atrium.store.rest;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kuma's Dataplane-only list filters ({@code api-server/filters}): {@code gateway=true|false|builtin|delegated}
 * and repeatable {@code tag=key:value}, where the value matches as a substring of any inbound's or the
 * gateway's tag of that key, and {@code *} matches any value.
 */
record DataplaneFilter(Gateway gateway, Map<String, String> tags) {

  enum Gateway { ANY, GATEWAY, NOT_GATEWAY, BUILTIN, DELEGATED }

  static DataplaneFilter parse(MultivaluedMap<String, String> params) {
    List<Violation> violations = new ArrayList<>();
    Gateway gateway = Gateway.ANY;
    String g = params.getFirst("gateway");
    if (g != null && !g.isEmpty()) {
      gateway = switch (g.toLowerCase(Locale.ROOT)) {
        case "true" -> Gateway.GATEWAY;
        case "false" -> Gateway.NOT_GATEWAY;
        case "builtin" -> Gateway.BUILTIN;
        case "delegated" -> Gateway.DELEGATED;
        default -> {
          violations.add(new Violation("gateway", "must be one of: true, false, builtin, delegated"));
          yield Gateway.ANY;
        }
      };
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : params.getOrDefault("tag", List.of())) {
      int colon = tag.indexOf(':');
      if (colon <= 0) {
        violations.add(new Violation("tag", "must be key:value, got \"" + tag + "\""));
      } else {
        tags.put(tag.substring(0, colon), tag.substring(colon + 1));
      }
    }
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    return new DataplaneFilter(gateway, tags);
  }

  boolean matches(Resource dataplane) {
    DataplaneSpec spec = dataplane.specAs(DataplaneSpec.class);
    boolean matchesGateway = switch (gateway) {
      case ANY -> true;
      case GATEWAY -> spec.isGateway();
      case NOT_GATEWAY -> !spec.isGateway();
      case BUILTIN -> spec.isBuiltinGateway();
      case DELEGATED -> spec.isGateway() && !spec.isBuiltinGateway();
    };
    return matchesGateway && tags.entrySet().stream().allMatch(t -> hasTag(spec, t.getKey(), t.getValue()));
  }

  private static boolean hasTag(DataplaneSpec spec, String key, String value) {
    if (spec.networking() == null) return false;
    List<Map<String, String>> tagSets = new ArrayList<>();
    spec.networking().inbound().forEach(in -> tagSets.add(in.tags()));
    if (spec.networking().gateway() != null) tagSets.add(spec.networking().gateway().tags());
    return tagSets.stream().map(t -> t.get(key))
        .anyMatch(v -> v != null && (value.equals("*") || v.contains(value)));
  }
}
