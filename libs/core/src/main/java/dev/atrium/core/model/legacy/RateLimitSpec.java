package dev.atrium.core.model.legacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.Selector;
import java.util.List;

/** Kuma's legacy RateLimit (api/mesh/v1alpha1/rate_limit.proto): {@code requests} per {@code interval}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RateLimitSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements LegacyConnectionPolicy {
  public RateLimitSpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(Http http) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(Long requests, String interval, OnRateLimit onRateLimit) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record OnRateLimit(Integer status, List<Header> headers) {
    public OnRateLimit {
      headers = Collect.list(headers);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Header(String key, String value, Boolean append) {}
}
