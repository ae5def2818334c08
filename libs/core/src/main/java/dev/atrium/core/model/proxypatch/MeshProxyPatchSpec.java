package dev.atrium.core.model.proxypatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshProxyPatch: changes to the Envoy resources the control plane generated for the proxies the
 * top-level {@code targetRef} selects — {@code default.appendModifications}, applied in order after every
 * other policy (several matching policies append their lists, least specific first).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshProxyPatchSpec(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) implements ResourceSpec {

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Conf(List<Modification> appendModifications) {
    public Conf {
      appendModifications = Collect.list(appendModifications);
    }
  }
}
