package dev.atrium.core.model;

import java.util.Map;

/** Kuma's tag selector: every tag in {@code match} must be present with that value ("*" matches any). */
public record Selector(Map<String, String> match) {
  public Selector {
    match = Collect.map(match);
  }

  public boolean matches(Map<String, String> tags) {
    for (var e : match.entrySet()) {
      String v = tags.get(e.getKey());
      if (v == null || (!"*".equals(e.getValue()) && !e.getValue().equals(v))) return false;
    }
    return true;
  }
}
