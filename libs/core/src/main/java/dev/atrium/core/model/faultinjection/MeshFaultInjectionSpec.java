package dev.atrium.core.model.faultinjection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.IntOrString;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshFaultInjection: make some HTTP requests fail (abort with a status), wait (delay) or
 * answer slowly (response bandwidth), to test how callers cope. The top-level {@code targetRef}
 * selects proxies; {@code from} entries act on a sidecar's inbounds, {@code to} entries (Mesh only) on a
 * builtin gateway's listeners, and {@code rules} (inbound, optionally by caller identity) are kept as
 * written for the validator. Percentages are Kubernetes int-or-string ({@code 50}, {@code "12.5"}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshFaultInjectionSpec(TargetRef targetRef, List<To> to, List<From> from, List<Rule> rules)
    implements ResourceSpec {

  public MeshFaultInjectionSpec {
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

  /** The faults of one entry; a list, so a later entry replaces it whole (Kuma's merge of lists). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(List<Fault> http) {}

  /** One fault filter: any of abort, delay and response bandwidth, each drawn with its own percentage. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Fault(Abort abort, Delay delay, ResponseBandwidth responseBandwidth) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Abort(Integer httpStatus, @IntOrString String percentage) {}

  /** {@code value}: a Go duration. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delay(String value, @IntOrString String percentage) {}

  /** {@code limit}: a bandwidth in kbps, Mbps or Gbps ({@code 100kbps}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResponseBandwidth(String limit, @IntOrString String percentage) {}
}
