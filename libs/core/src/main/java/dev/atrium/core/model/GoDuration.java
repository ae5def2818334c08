package dev.atrium.core.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration strings, as the new-style policies write them (Kubernetes' {@code metav1.Duration}):
 * an optional sign, then one or more number-and-unit parts ({@code 1h30m}, {@code 1.5s}, {@code 500ms};
 * units ns, us, µs, ms, s, m, h), or {@code 0}. Unlike {@link KumaDuration}, no days.
 */
public final class GoDuration {
  private GoDuration() {}

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  /**
   * Texts already parsed: the connection-policy pass parses the same few policy values for every route
   * and cluster of every proxy (a Mesh-wide MeshTimeout: thousands of times per change). Bounded, since
   * the texts come from users; cleared when full rather than evicting one by one.
   */
  private static final int MEMO_LIMIT = 4096;
  private static final Map<String, Optional<Duration>> MEMO = new ConcurrentHashMap<>();

  /** The duration {@code text} means (possibly negative), or empty when Go would refuse it. */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isEmpty()) return Optional.empty();
    Optional<Duration> known = MEMO.get(text);
    if (known != null) return known;
    Optional<Duration> parsed = parseUncached(text);
    if (MEMO.size() >= MEMO_LIMIT) MEMO.clear();
    MEMO.put(text, parsed);
    return parsed;
  }

  private static Optional<Duration> parseUncached(String text) {
    String rest = text;
    boolean negative = rest.startsWith("-");
    if (negative || rest.startsWith("+")) rest = rest.substring(1);
    if (rest.equals("0")) return Optional.of(Duration.ZERO);
    if (rest.isEmpty()) return Optional.empty();
    Matcher m = PART.matcher(rest);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < rest.length()) {
      if (!m.find(at) || m.start() != at) return Optional.empty();
      nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
          .multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      at = m.end();
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return Optional.of(negative ? d.negated() : d);
  }
}
