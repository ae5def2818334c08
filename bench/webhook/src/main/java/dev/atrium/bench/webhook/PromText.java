package dev.atrium.bench.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text exposition (format 0.0.4, what both the API server's {@code /metrics}
 * and the webhook's {@code /q/metrics} answer): samples with their labels, and the few questions the
 * benchmark asks of them.
 */
final class PromText {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PromText(List<Sample> samples) {
    this.samples = samples;
  }

  static PromText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) continue;
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
      samples.add(new Sample(m.group(1), labels, parseValue(m.group(3))));
    }
    return new PromText(samples);
  }

  /** The value of the one sample named {@code name} whose labels include {@code match}; NaN if there is none. */
  double value(String name, Map<String, String> match) {
    for (Sample s : samples) {
      if (s.name().equals(name) && matches(s.labels(), match)) return s.value();
    }
    return Double.NaN;
  }

  /** Sum over every sample named {@code name} whose labels include {@code match} (0 if none). */
  double sum(String name, Map<String, String> match) {
    double sum = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && matches(s.labels(), match)) sum += s.value();
    }
    return sum;
  }

  /**
   * The cumulative buckets of histogram {@code base} ({@code base_bucket} samples with an {@code le}
   * label) whose other labels include {@code match}, summed over any remaining labels: upper bound →
   * count, +Inf included.
   */
  Histogram histogram(String base, Map<String, String> match) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Sample s : samples) {
      if (!s.name().equals(base + "_bucket") || !matches(s.labels(), match)) continue;
      buckets.merge(parseValue(s.labels().get("le")), s.value(), Double::sum);
    }
    return new Histogram(buckets, sum(base + "_sum", match), sum(base + "_count", match));
  }

  /** A cumulative histogram (upper bound → observations at or below it), with its sum and count. */
  record Histogram(TreeMap<Double, Double> buckets, double sum, double count) {
    /** This histogram minus an earlier scrape of the same one: what was observed in between. */
    Histogram minus(Histogram earlier) {
      TreeMap<Double, Double> delta = new TreeMap<>();
      buckets.forEach((le, n) -> delta.put(le, n - earlier.buckets().getOrDefault(le, 0.0)));
      return new Histogram(delta, sum - earlier.sum(), count - earlier.count());
    }

    /**
     * The q-quantile (0..1) by linear interpolation inside the bucket where the rank falls, the lower
     * edge of the first bucket being 0 — what Prometheus' {@code histogram_quantile} does. A rank in
     * the +Inf bucket gives the largest finite bound. NaN when nothing was observed.
     */
    double quantile(double q) {
      double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
      if (total <= 0) return Double.NaN;
      double rank = q * total;
      double lowerBound = 0;
      double lowerCount = 0;
      for (Map.Entry<Double, Double> b : buckets.entrySet()) {
        double upper = b.getKey();
        double count = b.getValue();
        if (count >= rank) {
          if (upper == Double.POSITIVE_INFINITY) return lowerBound;
          if (count == lowerCount) return upper;
          return lowerBound + (upper - lowerBound) * (rank - lowerCount) / (count - lowerCount);
        }
        lowerBound = upper;
        lowerCount = count;
      }
      return lowerBound;
    }

    /** The bucket bounds around the q-quantile's rank: [lower, upper], for saying how coarse it is. */
    double[] bucketAround(double q) {
      double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
      double rank = q * total;
      double lower = 0;
      for (Map.Entry<Double, Double> b : buckets.entrySet()) {
        if (b.getValue() >= rank) return new double[] {lower, b.getKey()};
        lower = b.getKey();
      }
      return new double[] {lower, Double.POSITIVE_INFINITY};
    }

    double mean() {
      return count > 0 ? sum / count : Double.NaN;
    }
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> match) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    return true;
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }
}
