package dev.atrium.core.model.legacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.Selector;
import java.util.List;

/** Kuma's legacy FaultInjection (api/mesh/v1alpha1/fault_injection.proto): one abort, delay and bandwidth limit. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FaultInjectionSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements LegacyConnectionPolicy {
  public FaultInjectionSpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(Delay delay, Abort abort, ResponseBandwidth responseBandwidth) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delay(Double percentage, String value) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Abort(Double percentage, Integer httpStatus) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResponseBandwidth(Double percentage, String limit) {}
}
