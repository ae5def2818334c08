package dev.atrium.metrics.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.prometheus.Promtool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The filters against the registry Quarkus uses, with the binders whose meters promtool objected to
 * and meters shaped like gRPC's and Netty's.
 */
class PrometheusMeterFiltersTest {

  @Test
  void theTextExpositionIsPromtoolClean() {
    PrometheusMeterRegistry registry = registry(true);
    String text = registry.scrape(TextFormatNegotiation.TEXT_004);

    assertThat(text).contains("method_type=\"UNARY\"").contains("status_code=\"OK\"").doesNotContain("methodType")
        .contains("# HELP process_cpu_usage The 'recent cpu usage'")
        .contains("# HELP netty_allocator_memory_used netty allocator memory used")
        .contains("system_cpus ").doesNotContain("system_cpu_count").doesNotContain("process_cpu_time")
        .doesNotContain("http_server_connections");
    Promtool.Check check = Promtool.checkMetrics(text);
    assertThat(check.clean()).as(check.toString()).isTrue();
  }

  @Test
  void withoutTheFiltersPromtoolFindsWhatTheyFix() {
    Promtool.Check check = Promtool.checkMetrics(registry(false).scrape(TextFormatNegotiation.TEXT_004));
    assertThat(String.join("\n", check.problems()))
        .contains("camelCase").contains("no help text").contains("\"_count\" suffix")
        .contains("http_server_connections_seconds_active_count no help text");
  }

  @ParameterizedTest
  @CsvSource({"methodType,method_type", "statusCode,status_code", "service,service", "HTTPStatus,http_status",
      "already_snake,already_snake", "ipV4Address,ip_v4_address"})
  void tagKeysBecomeSnakeCase(String key, String expected) {
    assertThat(PrometheusMeterFilters.snakeCase(key)).isEqualTo(expected);
  }

  private static PrometheusMeterRegistry registry(boolean filtered) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (filtered) registry.config().meterFilter(PrometheusMeterFilters.all());
    new ProcessorMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // Shaped like quarkus-grpc's client meters and Netty's allocator gauges.
    Counter.builder("grpc.client.requests.sent.messages").description("The total number of requests sent")
        .tags("method", "Get", "methodType", "UNARY", "service", "atrium.store.v1.Store").register(registry).increment();
    Timer.builder("grpc.client.processing.duration").description("The total time taken")
        .tags("method", "Get", "methodType", "UNARY", "statusCode", "OK").register(registry).record(Duration.ofMillis(3));
    // Shaped like Vert.x's connection timer.
    LongTaskTimer.builder("http.server.connections").description("The duration of the connections")
        .tags("server.port", "5680").register(registry).start();
    Gauge.builder("netty.allocator.memory.used", () -> 42).tags("allocator.type", "PooledByteBufAllocator")
        .register(registry);
    return registry;
  }
}
