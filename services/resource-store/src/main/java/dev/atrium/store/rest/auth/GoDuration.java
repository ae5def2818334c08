package dev.atrium.store.rest.auth;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, which Kuma's token endpoints use for {@code validFor}: signed
 * decimal numbers with units ns, us (µs), ms, s, m, h, e.g. "2s", "1.5h", "24h30m". Errors carry Go's
 * words, since Kuma prints them after "is invalid: ".
 */
public final class GoDuration {
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  public static Duration parse(String text) {
    String quoted = "\"" + text + "\"";
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) return Duration.ZERO;
    if (s.isEmpty()) throw new IllegalArgumentException("time: invalid duration " + quoted);
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("time: invalid duration " + quoted);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) throw new IllegalArgumentException("time: missing unit in duration " + quoted);
      Long nanos = NANOS_PER_UNIT.get(unit);
      if (nanos == null) throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration " + quoted);
      total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(BigDecimal.valueOf(nanos)));
      if (total.compareTo(MAX_NANOS) > 0) throw new IllegalArgumentException("time: invalid duration " + quoted);
    }
    Duration d = Duration.ofNanos(total.longValue());
    return negative ? d.negated() : d;
  }
}
