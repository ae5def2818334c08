package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.FaultInjectionIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec.Conf;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec.Fault;
import dev.atrium.core.model.faultinjection.Percentage;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.PolicyKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MeshFaultInjection on the IR: faults belong to an HTTP listener (Envoy's fault filters sit in its
 * connection manager, before the router). At a builtin gateway the {@code to: Mesh} entries of the
 * policies selecting the listener's port apply to every request it takes; on a sidecar inbound the
 * {@code from} entries of the policies selecting that inbound; on a delegated gateway's outbounds the
 * {@code to} entries, as at a builtin gateway (Kuma accepts them there and ignores them). Only entries for every caller ({@code
 * from: Mesh}) apply to an inbound for now: Kuma narrows the others to callers by a header Atrium does
 * not send.
 */
final class MeshFaultInjectionPlugin implements PolicyPlugin {

  static final PolicyKind<MeshFaultInjectionSpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_FAULT_INJECTION,
      MeshFaultInjectionSpec.class, Conf.class, MeshFaultInjectionSpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> s.from().stream().map(f -> new PolicyKind.Targeted<>(f.targetRef(), f.defaultConf())).toList());

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_FAULT_INJECTION;
  }

  /** Every destination: a gateway's faults do not depend on where a route goes. */
  private static final List<Map<String, String>> ANY_DESTINATION = List.of(Map.of());
  private static final Pattern BANDWIDTH = Pattern.compile("^(\\d*)\\s?([GMk]+bps)$");

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.protocol() == Protocol.TCP || listener.protocol() == Protocol.REFUSE) return listener;
    MergedConf<Conf> merged = switch (listener.direction()) {
      case GATEWAY -> ctx.mergedTo(KIND, ctx.selectingPort(KIND, listener.port()), ANY_DESTINATION);
      case INBOUND -> {
        yield ctx.mergedFrom(KIND, ctx.selectingInbound(KIND, listener), Map.of());
      }
      // Kuma's to: Mesh for gateways: also what leaves a delegated gateway (ProxyPolicyContext#delegatedGateway).
      case OUTBOUND -> ctx.delegatedGateway() ? ctx.mergedTo(KIND, ctx.selecting(KIND), ANY_DESTINATION) : MergedConf.none();
    };
    FaultInjectionIr faults = faults(merged);
    return faults == null ? listener : listener.withPolicies(listener.policies().withFaultInjection(faults));
  }

  /** The merged list of faults, or null when none applies (an empty list included: no filter to add). */
  static FaultInjectionIr faults(MergedConf<Conf> merged) {
    if (merged.isEmpty() || !merged.setBy().containsKey("http")) return null;
    List<Fault> http = merged.conf().orElseThrow().http();
    if (http == null || http.isEmpty()) return null;
    List<FaultInjectionIr.Fault> faults = http.stream().map(MeshFaultInjectionPlugin::fault).toList();
    return new FaultInjectionIr(faults, merged.setBy().get("http"));
  }

  private static FaultInjectionIr.Fault fault(Fault f) {
    FaultInjectionIr.Abort abort = f.abort() == null ? null
        : new FaultInjectionIr.Abort(f.abort().httpStatus() == null ? 0 : f.abort().httpStatus(), percent(f.abort().percentage()));
    FaultInjectionIr.Delay delay = f.delay() == null ? null
        : new FaultInjectionIr.Delay(f.delay().value() == null ? Duration.ZERO
            : GoDuration.parse(f.delay().value()).orElse(Duration.ZERO), percent(f.delay().percentage()));
    FaultInjectionIr.ResponseBandwidth bandwidth = f.responseBandwidth() == null ? null
        : new FaultInjectionIr.ResponseBandwidth(kbps(f.responseBandwidth().limit()), percent(f.responseBandwidth().percentage()));
    return new FaultInjectionIr.Fault(abort, delay, bandwidth);
  }

  private static BigDecimal percent(String text) {
    return Percentage.parse(text).orElse(BigDecimal.ZERO);
  }

  /** Kuma's units: kbps as is, Mbps ×1000, Gbps ×1,000,000 (validated before it gets here). */
  static long kbps(String limit) {
    Matcher m = BANDWIDTH.matcher(limit == null ? "" : limit);
    if (!m.matches() || m.group(1).isEmpty()) return 0;
    long value = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "Mbps" -> value * 1_000;
      case "Gbps" -> value * 1_000_000;
      default -> value;
    };
  }
}
