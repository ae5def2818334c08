package dev.atrium.core.model.healthcheck;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.Selector;
import java.util.List;

/**
 * Kuma's legacy HealthCheck, accepted for compatibility (MeshHealthCheck is the form to use): the
 * proxies matching a {@code sources} selector check the endpoints of the services matching a
 * {@code destinations} one. Durations are protobuf duration strings ({@code "10s"}); thresholds are
 * {@code Long} so a negative one reaches the validator. TCP payloads are protobuf bytes, so base64 text.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HealthCheckSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements dev.atrium.core.model.legacy.LegacyConnectionPolicy {
  public HealthCheckSpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(String interval, String timeout, Long unhealthyThreshold, Long healthyThreshold,
      String initialJitter, String intervalJitter, Long intervalJitterPercent, Double healthyPanicThreshold,
      Boolean failTrafficOnPanic, String eventLogPath, Boolean alwaysLogHealthCheckFailures,
      String noTrafficInterval, Tcp tcp, Http http, Boolean reuseConnection) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(String send, List<String> receive) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(String path, List<HeaderValueOption> requestHeadersToAdd, List<Long> expectedStatuses) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HeaderValueOption(HeaderValue header, Boolean append) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HeaderValue(String key, String value) {}
}
