package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.atrium.core.ir.RateLimitIr;
import dev.atrium.core.ir.RouteIr;
import dev.atrium.core.ir.RouteIr.Header;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.envoyproxy.envoy.type.v3.TokenBucket;

/**
 * A MeshRateLimit's request limit, as Kuma lays it out: the HTTP connection manager carries
 * {@code envoy.filters.http.local_ratelimit} with no bucket of its own (so it limits nothing by
 * itself), and each limited route brings its token bucket, status and response headers in
 * {@code typed_per_filter_config}. Each route thus has its own bucket per proxy. The filter is added
 * only to connection managers with a limited route, so listeners without policies stay as they were.
 */
final class LocalRateLimitConfigurer {
  static final String FILTER_NAME = "envoy.filters.http.local_ratelimit";
  static final String STAT_PREFIX = "rate_limit";

  private LocalRateLimitConfigurer() {}

  /** Whether any route of {@code table} is limited (null: no table, as on TCP chains). */
  static boolean anyRoute(RouteIr table) {
    return table != null && table.virtualHosts().stream()
        .flatMap(h -> h.routes().stream())
        .anyMatch(r -> r.policies().rateLimit() != null && r.policies().rateLimit().requestRate() != null);
  }

  /** The filter, unconfigured, just before the router (which must stay last). */
  static void addFilter(HttpConnectionManager.Builder hcm) {
    int router = hcm.getHttpFiltersCount() - 1;
    hcm.addHttpFilters(router, HttpFilter.newBuilder()
        .setName(FILTER_NAME)
        .setTypedConfig(Any.pack(LocalRateLimit.newBuilder().setStatPrefix(STAT_PREFIX).build())));
  }

  static void configure(RateLimitIr limit, Route.Builder route) {
    if (limit == null || limit.requestRate() == null) return;
    // Envoy's per-route filter is off and not enforced unless these fractions say 100%.
    FractionalPercent all = FractionalPercent.newBuilder().setNumerator(100)
        .setDenominator(FractionalPercent.DenominatorType.HUNDRED).build();
    LocalRateLimit.Builder config = LocalRateLimit.newBuilder()
        .setStatPrefix(STAT_PREFIX)
        .setTokenBucket(TokenBucket.newBuilder()
            .setMaxTokens((int) limit.requestRate().num())
            .setTokensPerFill(UInt32Value.of((int) limit.requestRate().num()))
            .setFillInterval(EnvoyProtos.duration(limit.requestRate().interval())))
        .setFilterEnabled(RuntimeFractionalPercent.newBuilder().setDefaultValue(all).setRuntimeKey("local_rate_limit_enabled"))
        .setFilterEnforced(RuntimeFractionalPercent.newBuilder().setDefaultValue(all).setRuntimeKey("local_rate_limit_enforced"));
    // Envoy refuses (NACKs the whole route table for) a status its StatusCode enum lacks; such a
    // policy keeps Envoy's 429 instead, as Envoy itself does for a status below 400.
    if (limit.status() != null && StatusCode.forNumber(limit.status()) != null) {
      config.setStatus(HttpStatus.newBuilder().setCodeValue(limit.status()));
    }
    for (Header h : limit.addHeaders()) config.addResponseHeadersToAdd(header(h, HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD));
    for (Header h : limit.setHeaders()) config.addResponseHeadersToAdd(header(h, HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
    route.putTypedPerFilterConfig(FILTER_NAME, Any.pack(config.build()));
  }

  private static HeaderValueOption header(Header h, HeaderAppendAction action) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(h.name()).setValue(h.value()))
        .setAppendAction(action).build();
  }
}
