package dev.atrium.core.model.legacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.Selector;
import java.util.List;

/**
 * Kuma's legacy Retry (api/mesh/v1alpha1/retry.proto). {@code retryOn} items are Kuma's enum names
 * ({@code all_5xx}, {@code gateway_error}…), methods HTTP verbs.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RetrySpec(List<Selector> sources, List<Selector> destinations, Conf conf) implements LegacyConnectionPolicy {
  public RetrySpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(Http http, Tcp tcp, Grpc grpc) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BackOff(String baseInterval, String maxInterval) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(Long numRetries, String perTryTimeout, BackOff backOff, List<Integer> retriableStatusCodes,
      List<String> retriableMethods, List<String> retryOn) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(Long maxConnectAttempts) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Grpc(List<String> retryOn, Long numRetries, String perTryTimeout, BackOff backOff) {}
}
