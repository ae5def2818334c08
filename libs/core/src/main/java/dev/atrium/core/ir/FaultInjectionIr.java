package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.policy.Origin;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP faults a listener injects, as the MeshFaultInjections that apply to it merged (a later
 * entry's list replaces an earlier one whole). Each fault becomes one Envoy fault filter before the
 * router, in list order; within one fault the abort, delay and response bandwidth limit are each drawn
 * with their own percentage (0–100, decimals allowed).
 *
 * @param setBy the policy entry whose list won
 */
public record FaultInjectionIr(List<Fault> faults, Origin setBy) {
  public FaultInjectionIr {
    faults = List.copyOf(faults);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Fault(Abort abort, Delay delay, ResponseBandwidth responseBandwidth) {}

  /** Answer {@code httpStatus} instead of forwarding. */
  public record Abort(int httpStatus, BigDecimal percentage) {}

  /** Wait {@code fixedDelay} before forwarding. */
  public record Delay(Duration fixedDelay, BigDecimal percentage) {}

  /** Send the response body at most {@code limitKbps} kilobits per second. */
  public record ResponseBandwidth(long limitKbps, BigDecimal percentage) {}
}
