package dev.atrium.store.tokens;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, which Kuma applies to {@code validFor}: a sequence of decimal
 * numbers with units ({@code 720h}, {@code 1h30m}, {@code 1.5s}, {@code 2s}), optionally signed. The
 * error messages are Go's, since Kuma returns them to the caller verbatim.
 */
public final class GoDuration {
  private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
      "ns", BigDecimal.ONE,
      "us", BigDecimal.valueOf(1_000L),
      "µs", BigDecimal.valueOf(1_000L),
      "μs", BigDecimal.valueOf(1_000L),
      "ms", BigDecimal.valueOf(1_000_000L),
      "s", BigDecimal.valueOf(1_000_000_000L),
      "m", BigDecimal.valueOf(60_000_000_000L),
      "h", BigDecimal.valueOf(3_600_000_000_000L));

  private GoDuration() {}

  /** @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "abc"} */
  public static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) return Duration.ZERO;
    if (s.isEmpty()) throw invalid(text);
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) throw invalid(text);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
      BigDecimal perUnit = NANOS_PER_UNIT.get(unit);
      if (perUnit == null) {
        throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(text));
      }
      total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(perUnit));
    }
    if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw invalid(text);
    long nanos = total.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + quote(text));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
