package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.HealthCheckIr;
import dev.atrium.core.ir.HealthCheckIr.Check;
import dev.atrium.core.ir.HealthCheckIr.Header;
import dev.atrium.core.ir.HealthCheckIr.HttpCheck;
import dev.atrium.core.ir.HealthCheckIr.TcpCheck;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.healthcheck.HealthCheckSpec;
import dev.atrium.core.model.healthcheck.HealthCheckSpec.Conf;
import dev.atrium.core.policy.legacy.LegacyMatch;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Kuma's legacy HealthCheck on the IR: of the HealthChecks whose {@code sources} match this proxy (a
 * builtin gateway by its listeners' tags) and whose {@code destinations} match the service a cluster
 * reaches, the best ranked one ({@link LegacyMatch#forDestination}) sets the cluster's checks. Unlike
 * MeshHealthCheck, Kuma writes each checker given whatever the protocol (a TCP one and an HTTP one when
 * both are set, a connect-only TCP check when neither is). Runs before {@link MeshHealthCheckPlugin},
 * whose checks replace these where both kinds cover a cluster.
 */
final class HealthCheckPlugin implements PolicyPlugin {

  @Override
  public ResourceKind kind() {
    return ResourceKind.HEALTH_CHECK;
  }

  @Override
  public ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    if (cluster.service() == null) return cluster;
    Optional<Resource> best = LegacyMatch.forDestination(ctx.all(ResourceKind.HEALTH_CHECK), ctx.legacySources(),
        java.util.Map.of(dev.atrium.core.snapshot.KumaTags.SERVICE, cluster.service()));
    if (best.isEmpty()) return cluster;
    Conf c = best.get().specAs(HealthCheckSpec.class).conf();
    if (c == null) return cluster;
    // interval and timeout are required (the validator says so); the defaults only keep Envoy's config whole.
    Check base = new Check(orDefault(c.interval(), MeshHealthCheckPlugin.DEFAULT_INTERVAL),
        orDefault(c.timeout(), MeshHealthCheckPlugin.DEFAULT_TIMEOUT), orZero(c.unhealthyThreshold()),
        orZero(c.healthyThreshold()), duration(c.initialJitter()), duration(c.intervalJitter()),
        c.intervalJitterPercent(), duration(c.noTrafficInterval()), c.eventLogPath(), c.alwaysLogHealthCheckFailures(),
        c.reuseConnection(), null, null);
    List<Check> checks = new ArrayList<>();
    if (c.tcp() == null && c.http() == null) checks.add(MeshHealthCheckPlugin.with(base, null, new TcpCheck(null, List.of())));
    if (c.tcp() != null) checks.add(MeshHealthCheckPlugin.with(base, null, tcp(c.tcp())));
    if (c.http() != null) checks.add(MeshHealthCheckPlugin.with(base, http(c.http()), null));
    TreeMap<String, Origin> setBy = new TreeMap<>();
    setBy.put("conf", Origin.of(ResourceKind.HEALTH_CHECK, best.get().name()));
    HealthCheckIr ir = new HealthCheckIr(checks, c.healthyPanicThreshold(), c.failTrafficOnPanic(), setBy);
    return cluster.withPolicies(cluster.policies().withHealthCheck(ir), null);
  }

  private static HttpCheck http(HealthCheckSpec.Http h) {
    List<Header> headers = h.requestHeadersToAdd() == null ? List.of() : h.requestHeadersToAdd().stream()
        .filter(o -> o != null && o.header() != null)
        .map(o -> new Header(o.header().key(), o.header().value() == null ? "" : o.header().value(),
            Boolean.TRUE.equals(o.append())))
        .toList();
    return new HttpCheck(h.path(), headers, h.expectedStatuses() == null ? List.of() : h.expectedStatuses(), false);
  }

  /** Payloads are protobuf bytes, so base64 in the resource; Envoy takes hex. */
  private static TcpCheck tcp(HealthCheckSpec.Tcp t) {
    return new TcpCheck(t.send() == null ? null : hexOfBase64(t.send()),
        t.receive() == null ? List.of() : t.receive().stream().map(HealthCheckPlugin::hexOfBase64).toList());
  }

  /** Text that is no base64 (Kuma would not have read the resource) is sent as it is rather than failing the proxy. */
  private static String hexOfBase64(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      bytes = base64.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return HexFormat.of().formatHex(bytes);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static Duration orDefault(String text, Duration fallback) {
    Duration d = duration(text);
    return d == null ? fallback : d;
  }

  private static Duration duration(String text) {
    return text == null ? null : GoDuration.parse(text).orElse(null);
  }
}
