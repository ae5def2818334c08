package dev.atrium.core.model.legacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.Selector;
import java.util.List;

/**
 * Kuma's legacy Timeout (api/mesh/v1alpha1/timeout.proto). Durations are protobuf durations as Kuma's
 * YAML writes them ({@code 5s}, {@code 0.5s}; Go's {@code 500ms} form is accepted too).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TimeoutSpec(List<Selector> sources, List<Selector> destinations, Conf conf) implements LegacyConnectionPolicy {
  public TimeoutSpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(String connectTimeout, Tcp tcp, Http http, Grpc grpc) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(String idleTimeout) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(String requestTimeout, String idleTimeout, String streamIdleTimeout, String maxStreamDuration) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Grpc(String streamIdleTimeout, String maxStreamDuration) {}
}
