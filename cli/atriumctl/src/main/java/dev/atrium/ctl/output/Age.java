package dev.atrium.ctl.output;

import java.time.Duration;
import java.time.Instant;

/**
 * The AGE column as kubectl and kumactl print it: precise while a resource is young ("45s", "3m20s"),
 * coarser as it ages ("5h", "3d4h", "40d", "2y"), so the column stays narrow.
 */
public final class Age {
  private Age() {}

  public static final String UNKNOWN = "<unknown>";

  public static String since(Instant then, Instant now) {
    return then == null ? UNKNOWN : format(Duration.between(then, now));
  }

  public static String format(Duration d) {
    // Truncated toward zero (Duration.toSeconds() floors), so -1.5s counts as -1s, i.e. skew.
    long seconds = d.toMillis() / 1000;
    // Up to a second in the future is clock skew between client and server, not an error.
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 120) return seconds + "s";
    long minutes = d.toMinutes();
    if (minutes < 10) return withRemainder(minutes, "m", seconds % 60, "s");
    if (minutes < 180) return minutes + "m";
    long hours = d.toHours();
    if (hours < 8) return withRemainder(hours, "h", minutes % 60, "m");
    if (hours < 48) return hours + "h";
    long days = hours / 24;
    if (days < 8) return withRemainder(days, "d", hours % 24, "h");
    if (days < 365 * 2) return days + "d";
    long years = days / 365;
    if (years < 8) return withRemainder(years, "y", days % 365, "d");
    return years + "y";
  }

  private static String withRemainder(long major, String majorUnit, long minor, String minorUnit) {
    return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
  }
}
