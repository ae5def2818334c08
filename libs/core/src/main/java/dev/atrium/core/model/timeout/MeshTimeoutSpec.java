package dev.atrium.core.model.timeout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshTimeout: how long connections and requests may take. The top-level {@code targetRef}
 * selects proxies; {@code to} entries configure their traffic to destinations (Mesh, MeshService…),
 * {@code from} entries their inbound side (for a builtin gateway: its listeners), and the newer
 * {@code rules} form (inbound, optionally by caller identity) is kept as written for the validator.
 * Durations are Go duration strings ({@code 1s}, {@code 500ms}, {@code 1h}), as Kuma's API takes them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshTimeoutSpec(TargetRef targetRef, List<To> to, List<From> from, List<Rule> rules)
    implements ResourceSpec {

  public MeshTimeoutSpec {
    to = Collect.list(to);
    from = Collect.list(from);
    rules = Collect.list(rules);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record From(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /** {@code matches} (spiffeID / sni) kept as written; {@code default} typed. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Rule(List<JsonNode> matches, @JsonProperty("default") Conf defaultConf) {
    public Rule {
      matches = Collect.list(matches);
    }
  }

  /** The timeouts one entry sets; a null field leaves it to less specific entries (or Envoy's default). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(String connectionTimeout, String idleTimeout, Http http) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(String requestTimeout, String streamIdleTimeout, String maxStreamDuration,
      String maxConnectionDuration, String requestHeadersTimeout) {}
}
