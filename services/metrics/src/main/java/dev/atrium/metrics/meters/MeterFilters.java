package dev.atrium.metrics.meters;

import dev.atrium.metrics.support.PrometheusMeterFilters;
import dev.atrium.metrics.support.TextFormatNegotiation;
import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps {@code /q/metrics} clean for {@code curl URL | promtool check metrics}: the meters through
 * libs/metrics-support's {@link PrometheusMeterFilters}, and the text format 0.0.4 for every client
 * that does not ask for OpenMetrics by name ({@link TextFormatNegotiation}).
 */
public class MeterFilters {
  @Produces
  @Singleton
  MeterFilter promtoolClean() {
    return PrometheusMeterFilters.all();
  }

  /** Runs before Quarkus's metrics handler, which picks the format from the Accept header. */
  void textFormatUnlessOpenMetricsAsked(@Observes Router router) {
    router.route("/q/metrics").order(Integer.MIN_VALUE).handler(rc -> {
      String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
      String effective = TextFormatNegotiation.acceptForScrape(accept);
      if (!effective.equals(accept)) rc.request().headers().set(HttpHeaders.ACCEPT, effective);
      rc.next();
    });
  }
}
