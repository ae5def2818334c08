package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import dev.atrium.core.ir.HealthCheckIr;
import dev.atrium.core.ir.HealthCheckIr.Check;
import dev.atrium.core.ir.HealthCheckIr.Header;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.health_check.event_sinks.file.v3.HealthCheckEventFileSink;
import io.envoyproxy.envoy.type.v3.CodecClientType;
import io.envoyproxy.envoy.type.v3.Int64Range;
import io.envoyproxy.envoy.type.v3.Percent;

/**
 * A MeshHealthCheck's or HealthCheck's active checks on a cluster: one {@code health_checks} entry per
 * check (HTTP GET with expected statuses as one-code ranges, or TCP with hex payloads), the event log as
 * Envoy's file event sink, and the panic settings in {@code common_lb_config}.
 */
final class HealthChecksConfigurer implements ClusterConfigurer {
  private final HealthCheckIr health;

  HealthChecksConfigurer(HealthCheckIr health) {
    this.health = health;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    if (health.healthyPanicThreshold() != null) {
      cluster.getCommonLbConfigBuilder().setHealthyPanicThreshold(Percent.newBuilder().setValue(health.healthyPanicThreshold()));
    }
    if (health.failTrafficOnPanic() != null) {
      cluster.getCommonLbConfigBuilder().getZoneAwareLbConfigBuilder().setFailTrafficOnPanic(health.failTrafficOnPanic());
    }
    for (Check c : health.checks()) cluster.addHealthChecks(check(c));
  }

  private static HealthCheck check(Check c) {
    HealthCheck.Builder h = HealthCheck.newBuilder()
        .setInterval(EnvoyProtos.duration(c.interval()))
        .setTimeout(EnvoyProtos.duration(c.timeout()))
        .setUnhealthyThreshold(UInt32Value.of((int) c.unhealthyThreshold()))
        .setHealthyThreshold(UInt32Value.of((int) c.healthyThreshold()));
    if (c.initialJitter() != null) h.setInitialJitter(EnvoyProtos.duration(c.initialJitter()));
    if (c.intervalJitter() != null) h.setIntervalJitter(EnvoyProtos.duration(c.intervalJitter()));
    if (c.intervalJitterPercent() != null) h.setIntervalJitterPercent((int) c.intervalJitterPercent().longValue());
    if (c.noTrafficInterval() != null) h.setNoTrafficInterval(EnvoyProtos.duration(c.noTrafficInterval()));
    if (c.alwaysLogHealthCheckFailures() != null) h.setAlwaysLogHealthCheckFailures(c.alwaysLogHealthCheckFailures());
    if (c.reuseConnection() != null) h.setReuseConnection(BoolValue.of(c.reuseConnection()));
    if (c.eventLogPath() != null) {
      h.addEventLogger(TypedExtensionConfig.newBuilder().setName("envoy.health_check.event_sinks.file")
          .setTypedConfig(Any.pack(HealthCheckEventFileSink.newBuilder().setEventLogPath(c.eventLogPath()).build())));
    }
    if (c.http() != null) {
      HealthCheck.HttpHealthCheck.Builder http = HealthCheck.HttpHealthCheck.newBuilder()
          .setPath(c.http().path())
          .setCodecClientType(c.http().http2() ? CodecClientType.HTTP2 : CodecClientType.HTTP1);
      for (Header header : c.http().requestHeadersToAdd()) {
        http.addRequestHeadersToAdd(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey(header.name()).setValue(header.value()))
            .setAppendAction(header.append() ? HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
                : HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
      }
      for (Long status : c.http().expectedStatuses()) {
        http.addExpectedStatuses(Int64Range.newBuilder().setStart(status).setEnd(status + 1));
      }
      h.setHttpHealthCheck(http);
    } else {
      HealthCheck.TcpHealthCheck.Builder tcp = HealthCheck.TcpHealthCheck.newBuilder();
      if (c.tcp() != null && c.tcp().sendHex() != null) {
        tcp.setSend(HealthCheck.Payload.newBuilder().setText(c.tcp().sendHex()));
      }
      if (c.tcp() != null) {
        c.tcp().receiveHex().forEach(r -> tcp.addReceive(HealthCheck.Payload.newBuilder().setText(r)));
      }
      h.setTcpHealthCheck(tcp);
    }
    return h.build();
  }
}
