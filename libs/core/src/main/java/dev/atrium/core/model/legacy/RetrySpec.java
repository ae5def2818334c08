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
      List<HttpMethod> retriableMethods, List<HttpRetryOn> retryOn) {}

  /** Kuma's HttpRetryOn enum, under its proto names (Envoy's with underscores; all_5xx is 5xx). */
  @SuppressWarnings("java:S115")
  public enum HttpRetryOn {
    all_5xx, gateway_error, reset, connect_failure, envoy_ratelimited, retriable_4xx, refused_stream,
    retriable_status_codes, retriable_headers, http3_post_connect_failure
  }

  /** Kuma's HttpMethod enum (NONE is refused by the validator). */
  public enum HttpMethod { NONE, CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE }

  /** Kuma's Retry.Conf.Grpc.RetryOn enum. */
  @SuppressWarnings("java:S115")
  public enum GrpcRetryOn { cancelled, deadline_exceeded, internal, resource_exhausted, unavailable }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(Long maxConnectAttempts) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Grpc(List<GrpcRetryOn> retryOn, Long numRetries, String perTryTimeout, BackOff backOff) {}
}
