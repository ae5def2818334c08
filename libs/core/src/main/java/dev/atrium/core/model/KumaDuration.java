package dev.atrium.core.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kuma's own duration format for Mesh fields such as {@code dpCert.rotation.expiration} and
 * {@code caCert.expiration}: one whole number and one unit ({@code y w d h m s ms}), or {@code "0"}.
 * {@code 1d} and {@code 10y} are valid; Go's {@code 1h30m} is not (Kuma refuses it too).
 */
public final class KumaDuration {
  private KumaDuration() {}

  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  /** The duration {@code text} means, or empty when it is not in Kuma's format. */
  public static Optional<Duration> parse(String text) {
    if (text == null) return Optional.empty();
    if (text.equals("0")) return Optional.of(Duration.ZERO);
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) return Optional.empty();
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      default -> Duration.ofDays(365 * n);
    });
  }
}
