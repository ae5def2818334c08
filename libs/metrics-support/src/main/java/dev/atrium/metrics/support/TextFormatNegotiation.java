package dev.atrium.metrics.support;

import java.util.Locale;

/**
 * Which exposition format a scrape gets. Quarkus 3.31's {@code /q/metrics} answers OpenMetrics unless
 * the request's Accept header names {@code text/plain}, so {@code curl URL | promtool check metrics}
 * (curl sends {@code Accept: *}{@code /*}) feeds promtool OpenMetrics, which its text-format parser
 * misreads: a counter's HELP and TYPE name {@code foo} while its samples are {@code foo_total}.
 *
 * <p>The Prometheus clients' own rule is the other way round, and this class applies it: the text
 * format 0.0.4 to every client that does not name OpenMetrics; a client that does (Prometheus lists
 * it first) keeps its Accept header as sent, and the handler decides as before. A service calls
 * {@link #acceptForScrape} before its metrics handler reads the header.
 */
public final class TextFormatNegotiation {
  private TextFormatNegotiation() {}

  public static final String OPENMETRICS = "application/openmetrics-text";
  public static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";

  /** True when the client names OpenMetrics among the formats it accepts (with a non-zero weight). */
  public static boolean asksForOpenMetrics(String accept) {
    if (accept == null) return false;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(OPENMETRICS)) continue;
      if (!zeroWeight(parts)) return true;
    }
    return false;
  }

  /** The Accept header the metrics handler should see: unchanged when OpenMetrics is asked for, else text 0.0.4. */
  public static String acceptForScrape(String accept) {
    return asksForOpenMetrics(accept) ? accept : TEXT_004;
  }

  private static boolean zeroWeight(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2)) == 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
