package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.ir.RouteIr.Header;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The local limits the MeshRateLimits that apply to one place merged into (null: not limited there).
 * A route uses the request part: at most {@code requestRate} through this route on this proxy, a
 * request beyond it answered {@code status} (null: Envoy's 429) with {@code setHeaders} (replacing) and
 * {@code addHeaders} (appended). A listener uses {@code connectionRate}: new connections beyond it are
 * closed. Both are Envoy token buckets, full at start, refilled with {@code num} tokens every interval.
 *
 * @param setBy for each field set, the policy entry whose value won ({@code local.http.requestRate.num →
 *     MeshRateLimit/gw spec.to[0]})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimitIr(
    RateIr requestRate,
    Integer status,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Header> setHeaders,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Header> addHeaders,
    RateIr connectionRate,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Origin> setBy) {

  public RateLimitIr {
    setHeaders = setHeaders == null ? List.of() : List.copyOf(setHeaders);
    addHeaders = addHeaders == null ? List.of() : List.copyOf(addHeaders);
    setBy = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(setBy == null ? Map.of() : setBy));
  }

  /** {@code num} requests or connections per {@code interval}. */
  public record RateIr(long num, Duration interval) {
    public RateIr {
      Objects.requireNonNull(interval, "interval");
    }
  }
}
