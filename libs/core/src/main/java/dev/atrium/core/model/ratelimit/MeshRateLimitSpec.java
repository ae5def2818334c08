package dev.atrium.core.model.ratelimit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshRateLimit: a local (per proxy) limit on requests or connections. The top-level
 * {@code targetRef} selects proxies; {@code to} entries limit a builtin gateway's traffic (Kuma allows
 * {@code to} only when the scope includes gateways), {@code from} entries a sidecar's inbounds, and
 * the newer {@code rules} form (inbound, optionally by caller identity) is kept as written for the
 * validator. Intervals are Go duration strings ({@code 10s}, {@code 500ms}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshRateLimitSpec(TargetRef targetRef, List<To> to, List<From> from, List<Rule> rules)
    implements ResourceSpec {

  public MeshRateLimitSpec {
    to = Collect.list(to);
    from = Collect.list(from);
    rules = Collect.list(rules);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record From(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /** {@code matches} (spiffeID / sni) kept as written; {@code default} typed. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Rule(List<JsonNode> matches, @JsonProperty("default") Conf defaultConf) {
    public Rule {
      matches = Collect.list(matches);
    }
  }

  /** One entry's limits; everything lives under {@code local} (Kuma has no global rate limit in this API). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(Local local) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Local(Http http, Tcp tcp) {}

  /** Requests per interval on each route; {@code disabled: true} lifts a less specific entry's limit. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(Boolean disabled, Rate requestRate, OnRateLimit onRateLimit) {}

  /** What a limited client gets: the status (Envoy's default 429) and response headers to set or add. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OnRateLimit(Long status, Headers headers) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Headers(List<Header> set, List<Header> add) {
    public Headers {
      set = Collect.list(set);
      add = Collect.list(add);
    }
  }

  public record Header(String name, String value) {}

  /** New connections per interval on each listener. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(Boolean disabled, Rate connectionRate) {}

  /** {@code num} per {@code interval}: Envoy's token bucket refilling {@code num} tokens every interval. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rate(Long num, String interval) {}
}
