package dev.atrium.core.model.permission;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Who may call the proxies the top-level {@code targetRef} selects: each {@code from} entry names
 * callers (Mesh, MeshSubset, MeshService, MeshServiceSubset) and an action. Kuma 2.13's {@code rules}
 * form (SPIFFE-ID and SNI matches) is kept as written.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshTrafficPermissionSpec(TargetRef targetRef, List<From> from, List<com.fasterxml.jackson.databind.JsonNode> rules)
    implements ResourceSpec {

  public MeshTrafficPermissionSpec {
    from = Collect.list(from);
    rules = Collect.list(rules);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record From(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /** {@code action} as written: Allow, Deny or AllowWithShadowDeny (the validator refuses others). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Conf(String action) {}

  public static final String ALLOW = "Allow";
  public static final String DENY = "Deny";
  public static final String ALLOW_WITH_SHADOW_DENY = "AllowWithShadowDeny";
}
