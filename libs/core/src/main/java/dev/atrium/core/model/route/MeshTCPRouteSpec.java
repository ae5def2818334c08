package dev.atrium.core.model.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import java.util.List;

/** TCP routing: weighted backends per target. On a gateway it covers TCP and TLS listeners. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshTCPRouteSpec(TargetRef targetRef, List<To> to) implements ResourceSpec {

  public MeshTCPRouteSpec {
    to = Collect.list(to);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, List<Rule> rules) {
    public To {
      rules = Collect.list(rules);
    }
  }

  /** "default" is a Java keyword, hence the component's name. */
  public record Rule(@com.fasterxml.jackson.annotation.JsonProperty("default") RuleConf defaultConf) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RuleConf(List<BackendRef> backendRefs) {
    public RuleConf {
      backendRefs = Collect.list(backendRefs);
    }
  }
}
