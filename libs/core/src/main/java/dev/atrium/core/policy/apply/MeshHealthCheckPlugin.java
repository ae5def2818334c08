package dev.atrium.core.policy.apply;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.HealthCheckIr;
import dev.atrium.core.ir.HealthCheckIr.Check;
import dev.atrium.core.ir.HealthCheckIr.Header;
import dev.atrium.core.ir.HealthCheckIr.HttpCheck;
import dev.atrium.core.ir.HealthCheckIr.TcpCheck;
import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec.Conf;
import dev.atrium.core.model.healthcheck.MeshHealthCheckSpec.HeaderModifier;
import dev.atrium.core.policy.MergedConf;
import dev.atrium.core.policy.PolicyKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * MeshHealthCheck on the IR: {@code to} entries, merged per destination service, on the cluster reaching
 * it (sidecar and delegated-gateway outbounds, a builtin gateway's backends). Which checker runs follows
 * Kuma: an HTTP cluster gets the {@code http} check unless it is absent or disabled, a TCP cluster the
 * {@code tcp} one; an HTTP cluster falls back to {@code tcp} only when {@code http} is there but disabled.
 * Unset fields take Kuma's defaults (every 1m, 15s timeout, 5 failures to go unhealthy, 1 success back).
 * Runs after {@link HealthCheckPlugin} and replaces what a legacy HealthCheck set on the same cluster.
 */
final class MeshHealthCheckPlugin implements PolicyPlugin {

  static final PolicyKind<MeshHealthCheckSpec, Conf> KIND = new PolicyKind<>(ResourceKind.MESH_HEALTH_CHECK,
      MeshHealthCheckSpec.class, Conf.class, MeshHealthCheckSpec::targetRef,
      s -> s.to().stream().map(t -> new PolicyKind.Targeted<>(t.targetRef(), t.defaultConf())).toList(),
      s -> List.of());

  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  static final long DEFAULT_UNHEALTHY = 5;
  static final long DEFAULT_HEALTHY = 1;

  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH_HEALTH_CHECK;
  }

  @Override
  public ClusterIr cluster(ProxyPolicyContext ctx, ClusterIr cluster) {
    var destinations = ctx.destinations(cluster);
    if (destinations.isEmpty()) return cluster;
    MergedConf<Conf> merged = ctx.mergedTo(KIND, ctx.selecting(KIND), destinations);
    if (merged.isEmpty()) return cluster;
    Conf c = merged.conf().orElseThrow();
    List<Check> checks = new ArrayList<>();
    Check base = base(c);
    switch (checker(cluster.http(), c)) {
      case HTTP -> checks.add(with(base, http(c.http()), null));
      case TCP -> checks.add(with(base, null, tcp(c.tcp())));
      case NONE -> { }
    }
    Double panic = c.healthyPanicThreshold() == null ? null : new BigDecimal(c.healthyPanicThreshold().trim()).doubleValue();
    // A legacy HealthCheck's record on the same cluster is replaced, not added to: Kuma appends both
    // kinds' checks, but Envoy (1.40) refuses several unnamed health checks on a cluster and these API
    // protos have no name field, so the cluster would be NACKed.
    HealthCheckIr ir = new HealthCheckIr(checks, panic, c.failTrafficOnPanic(), merged.setBy());
    return cluster.withPolicies(cluster.policies().withHealthCheck(ir), null);
  }

  enum Checker { HTTP, TCP, NONE }

  /**
   * Kuma's choice for the cluster's protocol (gRPC clusters count as HTTP here: the IR does not tell
   * them apart yet, so a gRPC service gets the http check, not the grpc one).
   */
  static Checker checker(boolean httpCluster, Conf c) {
    boolean httpOn = c.http() != null && !Boolean.TRUE.equals(c.http().disabled());
    boolean tcpOn = c.tcp() != null && !Boolean.TRUE.equals(c.tcp().disabled());
    if (httpCluster) {
      if (httpOn) return Checker.HTTP;
      return c.http() != null && tcpOn ? Checker.TCP : Checker.NONE;
    }
    return tcpOn ? Checker.TCP : Checker.NONE;
  }

  private static Check base(Conf c) {
    return new Check(orDefault(c.interval(), DEFAULT_INTERVAL), orDefault(c.timeout(), DEFAULT_TIMEOUT),
        c.unhealthyThreshold() == null ? DEFAULT_UNHEALTHY : c.unhealthyThreshold(),
        c.healthyThreshold() == null ? DEFAULT_HEALTHY : c.healthyThreshold(),
        duration(c.initialJitter()), duration(c.intervalJitter()), c.intervalJitterPercent(),
        duration(c.noTrafficInterval()), c.eventLogPath(), c.alwaysLogHealthCheckFailures(), c.reuseConnection(),
        null, null);
  }

  static Check with(Check b, HttpCheck http, TcpCheck tcp) {
    return new Check(b.interval(), b.timeout(), b.unhealthyThreshold(), b.healthyThreshold(), b.initialJitter(),
        b.intervalJitter(), b.intervalJitterPercent(), b.noTrafficInterval(), b.eventLogPath(),
        b.alwaysLogHealthCheckFailures(), b.reuseConnection(), http, tcp);
  }

  /** Kuma splits each header value at commas into one header per value; {@code add} appends, {@code set} replaces. */
  private static HttpCheck http(MeshHealthCheckSpec.Http h) {
    List<Header> headers = new ArrayList<>();
    HeaderModifier m = h.requestHeadersToAdd();
    if (m != null) {
      if (m.add() != null) m.add().forEach(x -> split(x, true, headers));
      if (m.set() != null) m.set().forEach(x -> split(x, false, headers));
    }
    return new HttpCheck(h.path() == null ? "/" : h.path(), headers,
        h.expectedStatuses() == null ? List.of() : h.expectedStatuses(), false);
  }

  private static void split(MeshHealthCheckSpec.Header h, boolean append, List<Header> out) {
    for (String v : h.value().split(",", -1)) out.add(new Header(h.name(), v, append));
  }

  private static TcpCheck tcp(MeshHealthCheckSpec.Tcp t) {
    return new TcpCheck(t.send() == null ? null : hex(t.send()),
        t.receive() == null ? List.of() : t.receive().stream().map(MeshHealthCheckPlugin::hex).toList());
  }

  static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Duration orDefault(String text, Duration fallback) {
    Duration d = duration(text);
    return d == null ? fallback : d;
  }

  private static Duration duration(String text) {
    return text == null ? null : GoDuration.parse(text).orElse(null);
  }
}
