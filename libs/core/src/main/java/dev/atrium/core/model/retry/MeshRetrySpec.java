package dev.atrium.core.model.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec.HeaderMatch;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;
import java.util.Map;

/**
 * Kuma's MeshRetry: how often and when the proxies the top-level {@code targetRef} selects retry what
 * they send to the destinations of each {@code to} entry — failed HTTP and gRPC requests, and TCP
 * connects. There is no {@code from}: retrying is the caller's business. Durations are Go duration
 * strings. Lists inside a conf stay null when absent, because Kuma tells an absent {@code retryOn}
 * (defaults apply) from an empty one.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshRetrySpec(TargetRef targetRef, List<To> to) implements ResourceSpec {

  public MeshRetrySpec {
    to = Collect.list(to);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /** What one entry sets; a null section leaves it to less specific entries. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(Tcp tcp, Http http, Grpc grpc) {}

  /** How many times a TCP proxy tries to connect to an upstream before giving up. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(Long maxConnectAttempt) {}

  /**
   * HTTP retries. {@code retryOn} items: {@code 5xx}, {@code GatewayError}, {@code Reset},
   * {@code Retriable4xx}, {@code ConnectFailure}, {@code EnvoyRatelimited}, {@code RefusedStream},
   * {@code Http3PostConnectFailure}, {@code HttpMethod<Verb>}, or an HTTP status code.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(Long numRetries, String perTryTimeout, BackOff backOff, RateLimitedBackOff rateLimitedBackOff,
      List<String> retryOn, List<HeaderMatch> retriableResponseHeaders, List<HeaderMatch> retriableRequestHeaders,
      List<Predicate> hostSelection, Long hostSelectionMaxAttempts) {}

  /** gRPC retries; {@code retryOn} items: Canceled, DeadlineExceeded, Internal, ResourceExhausted, Unavailable. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Grpc(Long numRetries, String perTryTimeout, BackOff backOff, RateLimitedBackOff rateLimitedBackOff,
      List<String> retryOn) {}

  /** Exponential back-off between retries (Envoy: 25 ms base, ten times that at most, when unset). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BackOff(String baseInterval, String maxInterval) {}

  /** Back-off taken from the upstream's rate-limit reset headers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RateLimitedBackOff(List<ResetHeader> resetHeaders, String maxInterval) {}

  /** {@code format}: Seconds or UnixTimestamp. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResetHeader(String name, String format) {}

  /** {@code predicate}: OmitPreviousHosts, OmitHostsWithTags (with tags) or OmitPreviousPriorities (with updateFrequency). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Predicate(String predicate, Map<String, String> tags, Integer updateFrequency) {}
}
