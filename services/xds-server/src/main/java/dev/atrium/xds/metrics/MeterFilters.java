package dev.atrium.xds.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps the Prometheus text exposition clean for {@code promtool check metrics}. Micrometer's process
 * and system CPU meters put double quotes in their descriptions; the Prometheus client escapes them
 * in HELP lines as {@code \"}, which the text format does not define, and Prometheus 2.42's parser
 * refuses the whole body. Quotes in descriptions become single quotes. {@code process.cpu.time} is
 * dropped as well: its unit is nanoseconds, not seconds, and {@code process_cpu_usage} covers it.
 */
public class MeterFilters {
  @Produces
  @Singleton
  MeterFilter singleQuotesInDescriptions() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description == null || description.indexOf('"') < 0) return id;
        return new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
            description.replace('"', '\''), id.getType());
      }
    };
  }

  @Produces
  @Singleton
  MeterFilter dropNanosecondProcessCpuTime() {
    return MeterFilter.denyNameStartsWith("process.cpu.time");
  }
}
