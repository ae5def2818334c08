package dev.atrium.metrics.model;

import dev.atrium.core.model.dataplane.PrometheusEndpoint;

/**
 * One proxy's Envoy stats endpoint, as Prometheus is told to scrape it.
 *
 * @param service the proxy's first service (a gateway's {@code kuma.io/service} tag, else its first
 *     inbound's); empty when it has none
 */
public record ScrapeTarget(String mesh, String dataplane, String service, GatewayType gatewayType,
    PrometheusEndpoint endpoint) {}
