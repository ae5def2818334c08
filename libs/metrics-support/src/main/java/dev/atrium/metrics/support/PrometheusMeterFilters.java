package dev.atrium.metrics.support;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Micrometer filters that keep a service's Prometheus exposition clean for {@code promtool check
 * metrics} (Prometheus 2.42), whatever the binders of the framework register. Each one fixes a
 * finding seen on a Quarkus 3.31 service:
 * <ul>
 *   <li>{@link #singleQuotesInDescriptions()} — the JVM's process and system CPU meters put double
 *       quotes in their descriptions; the Prometheus client escapes them in HELP as {@code \"}, an
 *       escape the text format does not define, and the parser refuses the whole body;
 *   <li>{@link #denyNanosecondProcessCpuTime()} — {@code process.cpu.time} is in nanoseconds, not
 *       seconds; {@code process_cpu_usage} covers it;
 *   <li>{@link #snakeCaseTagKeys()} — gRPC's meters tag {@code methodType} and {@code statusCode};
 *       label names are snake_case;
 *   <li>{@link #descriptionWhenMissing()} — Netty's and Vert.x's meters have no description, which
 *       prints as an empty HELP ("no help text");
 *   <li>{@link #renamedGauges()} — {@code system.cpu.count} is a gauge whose name ends in
 *       {@code _count}, a suffix only histograms and summaries may use;
 *   <li>{@link #denyLongTaskTimers()} — the simpleclient registry writes a long task timer (Vert.x's
 *       {@code http.server.connections}) as a summary whose samples are {@code _active_count} and
 *       {@code _duration_sum}, names a summary does not have, so they read as metrics without HELP.
 * </ul>
 * {@link #all()} is the one filter a service installs.
 */
public final class PrometheusMeterFilters {
  private PrometheusMeterFilters() {}

  /** Gauges renamed because their Prometheus name would end in a suffix reserved for other types. */
  static final Map<String, String> GAUGE_RENAMES = Map.of("system.cpu.count", "system.cpus");

  /** Every filter of this class as one, in the order listed there. */
  public static MeterFilter all() {
    List<MeterFilter> filters = List.of(singleQuotesInDescriptions(), denyNanosecondProcessCpuTime(),
        snakeCaseTagKeys(), descriptionWhenMissing(), renamedGauges(), denyLongTaskTimers());
    return new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        for (MeterFilter f : filters) {
          MeterFilterReply reply = f.accept(id);
          if (reply != MeterFilterReply.NEUTRAL) return reply;
        }
        return MeterFilterReply.NEUTRAL;
      }

      @Override
      public Meter.Id map(Meter.Id id) {
        for (MeterFilter f : filters) id = f.map(id);
        return id;
      }
    };
  }

  public static MeterFilter singleQuotesInDescriptions() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description == null || description.indexOf('"') < 0) return id;
        return withDescription(id, description.replace('"', '\''));
      }
    };
  }

  public static MeterFilter denyNanosecondProcessCpuTime() {
    return MeterFilter.denyNameStartsWith("process.cpu.time");
  }

  public static MeterFilter denyLongTaskTimers() {
    return new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        return id.getType() == Meter.Type.LONG_TASK_TIMER ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
      }
    };
  }

  public static MeterFilter snakeCaseTagKeys() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        List<Tag> tags = id.getTags();
        if (tags.stream().noneMatch(t -> hasUpperCase(t.getKey()))) return id;
        List<Tag> renamed = new ArrayList<>(tags.size());
        for (Tag t : tags) renamed.add(Tag.of(snakeCase(t.getKey()), t.getValue()));
        return id.replaceTags(Tags.of(renamed));
      }
    };
  }

  /** A meter without a description gets its name in words, so that every HELP line has text. */
  public static MeterFilter descriptionWhenMissing() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description != null && !description.isBlank()) return id;
        return withDescription(id, id.getName().replace('.', ' ').replace('_', ' '));
      }
    };
  }

  public static MeterFilter renamedGauges() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String renamed = GAUGE_RENAMES.get(id.getName());
        return renamed != null && id.getType() == Meter.Type.GAUGE ? id.withName(renamed) : id;
      }
    };
  }

  /** {@code methodType} → {@code method_type}, {@code HTTPStatus} → {@code http_status}; other keys unchanged. */
  public static String snakeCase(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char before = key.charAt(i - 1);
        boolean wordEnds = Character.isLowerCase(before) || Character.isDigit(before);
        boolean acronymEnds = Character.isUpperCase(before) && i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
        if ((wordEnds || acronymEnds) && before != '_') out.append('_');
      }
      out.append(c);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean hasUpperCase(String s) {
    return s.chars().anyMatch(Character::isUpperCase);
  }

  private static Meter.Id withDescription(Meter.Id id, String description) {
    return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
  }
}
