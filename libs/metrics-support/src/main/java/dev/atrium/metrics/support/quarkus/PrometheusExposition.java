package dev.atrium.metrics.support.quarkus;

import dev.atrium.metrics.support.PrometheusMeterFilters;
import dev.atrium.metrics.support.TextFormatNegotiation;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps every service's {@code /q/metrics} clean for {@code curl URL | promtool check metrics}: the
 * meters through {@link PrometheusMeterFilters} (quotes in HELP, snake_case label names, descriptions,
 * reserved suffixes), and the text format 0.0.4 for every client that does not ask for OpenMetrics by
 * name ({@link TextFormatNegotiation}).
 *
 * <p>A CDI bean of this library (found through its {@code META-INF/beans.xml}), so a service gets it by
 * depending on libs/metrics-support, with no copy of its own. The Accept rule goes on both routers:
 * Quarkus serves {@code /q/metrics} on the main one, or on the management interface's when
 * {@code quarkus.management.enabled} is set (the admission webhook); on the router that does not serve
 * metrics the rule only passes the request on.
 */
@Singleton
public class PrometheusExposition {
  static final String METRICS_PATH = "/q/metrics";

  @Produces
  @Singleton
  MeterFilter promtoolClean() {
    return PrometheusMeterFilters.all();
  }

  void onMainRouter(@Observes Router router) {
    textFormatUnlessOpenMetricsAsked(router);
  }

  void onManagementRouter(@Observes ManagementInterface management) {
    textFormatUnlessOpenMetricsAsked(management.router());
  }

  /** Runs before Quarkus's metrics handler, which picks the format from the Accept header. */
  private static void textFormatUnlessOpenMetricsAsked(Router router) {
    router.route(METRICS_PATH).order(Integer.MIN_VALUE).handler(rc -> {
      String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
      String effective = TextFormatNegotiation.acceptForScrape(accept);
      if (!effective.equals(accept)) rc.request().headers().set(HttpHeaders.ACCEPT, effective);
      rc.next();
    });
  }
}
