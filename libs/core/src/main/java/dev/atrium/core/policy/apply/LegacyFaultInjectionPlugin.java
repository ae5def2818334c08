package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.FaultInjectionIr;
import dev.atrium.core.ir.FilterChainIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.legacy.FaultInjectionSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kuma's legacy FaultInjection at a builtin gateway. Envoy's fault filters belong to the listener, so
 * one policy applies to the whole listener: the one for every service its routes reach taken together
 * (a {@code *} destination preferred, as for a split route), each with its endpoints' kuma.io/protocol
 * since Kuma requires destinations to name one. Kuma 2.14's gateway generator leaves this
 * kind as a TODO although its docs list it as supported; Atrium applies it. Sidecar inbounds are left
 * out (Kuma narrows the legacy kind per caller by a header Atrium does not send). MeshFaultInjection wins
 * on a listener it already configured.
 */
final class LegacyFaultInjectionPlugin implements PolicyPlugin {

  private static final Pattern LIMIT = Pattern.compile("(\\d+)\\s?([gmk])bps");

  @Override
  public ResourceKind kind() {
    return ResourceKind.FAULT_INJECTION;
  }

  @Override
  public ListenerIr listener(ProxyPolicyContext ctx, ListenerIr listener) {
    if (listener.direction() != ListenerIr.Direction.GATEWAY || listener.protocol() == Protocol.TCP
        || listener.protocol() == Protocol.REFUSE || listener.policies().faultInjection() != null) {
      return listener;
    }
    return LegacyPolicies.forListener(ctx, kind(), listener, destinations(ctx, listener))
        .map(LegacyFaultInjectionPlugin::faults)
        .map(f -> listener.withPolicies(listener.policies().withFaultInjection(f)))
        .orElse(listener);
  }

  private static List<Map<String, String>> destinations(ProxyPolicyContext ctx, ListenerIr listener) {
    List<RouteIr> tables = new ArrayList<>();
    if (listener.route() != null) tables.add(listener.route());
    for (FilterChainIr c : listener.filterChains()) if (c.route() != null) tables.add(c.route());
    Set<Map<String, String>> out = new LinkedHashSet<>();
    for (RouteIr t : tables) {
      t.virtualHosts().forEach(h -> h.routes().forEach(r -> ctx.destinations(r).forEach(d -> out.add(ctx.withProtocol(d)))));
    }
    return List.copyOf(out);
  }

  static FaultInjectionIr faults(Resource policy) {
    FaultInjectionSpec.Conf c = policy.specAs(FaultInjectionSpec.class).conf();
    if (c == null) return null;
    FaultInjectionIr.Abort abort = c.abort() == null || c.abort().httpStatus() == null ? null
        : new FaultInjectionIr.Abort(c.abort().httpStatus(), percent(c.abort().percentage()));
    Duration delayValue = c.delay() == null ? null : LegacyPolicies.duration(c.delay().value());
    FaultInjectionIr.Delay delay = delayValue == null ? null
        : new FaultInjectionIr.Delay(delayValue, percent(c.delay().percentage()));
    long kbps = c.responseBandwidth() == null ? 0 : kbps(c.responseBandwidth().limit());
    FaultInjectionIr.ResponseBandwidth bandwidth = kbps == 0 ? null
        : new FaultInjectionIr.ResponseBandwidth(kbps, percent(c.responseBandwidth().percentage()));
    if (abort == null && delay == null && bandwidth == null) return null;
    return new FaultInjectionIr(List.of(new FaultInjectionIr.Fault(abort, delay, bandwidth)), LegacyPolicies.origin(policy));
  }

  private static BigDecimal percent(Double value) {
    return value == null ? BigDecimal.ZERO : new BigDecimal(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
  }

  /** Kuma's legacy units: kbps, mbps (×1000), gbps (×1,000,000). */
  static long kbps(String limit) {
    Matcher m = LIMIT.matcher(limit == null ? "" : limit.toLowerCase(Locale.ROOT));
    if (!m.find()) return 0;
    long value = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> value * 1_000;
      case "g" -> value * 1_000_000;
      default -> value;
    };
  }
}
