package dev.atrium.core.model.proxypatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import java.util.List;

/**
 * What to do to the matched resources: {@code operation} (Add, Remove, Patch; for filters AddFirst,
 * AddLast, AddBefore, AddAfter), {@code value} — the Envoy resource or the fields to merge, as Envoy
 * YAML — or {@code jsonPatches} (RFC 6902, MeshProxyPatch only).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Mod(Match match, String operation, String value, List<JsonPatchBlock> jsonPatches) {
  public Mod {
    jsonPatches = jsonPatches == null ? null : Collect.list(jsonPatches);
  }
}
