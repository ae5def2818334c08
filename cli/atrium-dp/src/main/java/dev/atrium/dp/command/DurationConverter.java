package dev.atrium.dp.command;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations written as kuma-dp's flags take them: {@code 60s}, {@code 500ms}, {@code 2m}, {@code 1m30s}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value.strip();
    if (!WHOLE.matcher(v).matches()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 60s, 500ms, 2m or 1m30s");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(v);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
    }
    return total;
  }
}
