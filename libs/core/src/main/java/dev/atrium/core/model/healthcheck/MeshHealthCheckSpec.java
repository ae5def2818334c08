package dev.atrium.core.model.healthcheck;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.IntOrString;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshHealthCheck: active health checks the selected proxies run against the endpoints of a
 * destination, so an endpoint that fails them gets no traffic. Only {@code to} entries (a health check
 * is about destinations). Counts are Kuma's int32, kept as {@code Long} so any out-of-range number
 * reaches the validator; durations are Go duration strings; {@code healthyPanicThreshold} is Kuma's
 * int-or-string decimal ({@code 50}, {@code "12.5"}), kept as text.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshHealthCheckSpec(TargetRef targetRef, List<To> to) implements ResourceSpec {

  public MeshHealthCheckSpec {
    to = Collect.list(to);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /** What one entry sets; a null field leaves it to less specific entries (or Kuma's default). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(String interval, String timeout, Long unhealthyThreshold, Long healthyThreshold,
      String initialJitter, String intervalJitter, Long intervalJitterPercent,
      @IntOrString String healthyPanicThreshold, Boolean failTrafficOnPanic, String eventLogPath,
      Boolean alwaysLogHealthCheckFailures, String noTrafficInterval, Tcp tcp, Http http, Grpc grpc,
      Boolean reuseConnection) {}

  /** A TCP check: connect, optionally send {@code send} and expect every {@code receive} text back. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(Boolean disabled, String send, List<String> receive) {}

  /** An HTTP GET of {@code path} (Kuma's default {@code /}); healthy on 200 or one of {@code expectedStatuses}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(Boolean disabled, String path, HeaderModifier requestHeadersToAdd, List<Long> expectedStatuses) {}

  /** A gRPC health-protocol check. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Grpc(Boolean disabled, String serviceName, String authority) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HeaderModifier(List<Header> set, List<Header> add) {}

  public record Header(String name, String value) {}
}
