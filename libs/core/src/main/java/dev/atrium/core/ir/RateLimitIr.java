package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.ir.RouteIr.Header;
import dev.atrium.core.policy.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The local request limit the MeshRateLimits that apply to one route merged into: at most
 * {@code requests} per {@code interval} through this route on this proxy (Envoy's token bucket, full
 * at start and refilled with {@code requests} tokens every interval); a request beyond it gets
 * {@code status} (null: Envoy's 429) with {@code setHeaders} (replacing) and {@code addHeaders}
 * (appended) on the response.
 *
 * @param setBy for each field set, the policy entry whose value won ({@code local.http.requestRate →
 *     MeshRateLimit/gw spec.to[0]})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimitIr(
    long requests,
    Duration interval,
    Integer status,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Header> setHeaders,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Header> addHeaders,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Origin> setBy) {

  public RateLimitIr {
    java.util.Objects.requireNonNull(interval, "interval");
    setHeaders = setHeaders == null ? List.of() : List.copyOf(setHeaders);
    addHeaders = addHeaders == null ? List.of() : List.copyOf(addHeaders);
    setBy = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(setBy == null ? Map.of() : setBy));
  }
}
