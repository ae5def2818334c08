package dev.atrium.core.policy.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.policy.Origin;
import java.util.List;

/**
 * One field of a merged conf: its value, the entry that set it, and the entries earlier in Kuma's merge
 * order that set it too and lost (a later entry — a more specific targetRef, or the same specificity
 * and a later name — overrides an earlier one field by field).
 */
public record FieldProvenance(JsonNode value, Origin setBy, List<Overridden> overridden) {
  public FieldProvenance {
    overridden = List.copyOf(overridden);
  }

  /** An entry whose value for the field lost, and that value. */
  public record Overridden(Origin origin, JsonNode value) {}
}
