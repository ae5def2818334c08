package dev.atrium.testing.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a Prometheus text exposition (format 0.0.4, what {@code /q/metrics} answers curl), so a
 * test can read one series' value by its name and some of its labels.
 */
public record Exposition(List<Sample> samples) {

  public record Sample(String name, Map<String, String> labels, double value) {}

  public static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      samples.add(sample(line.strip()));
    }
    return new Exposition(List.copyOf(samples));
  }

  /** The value of the one sample named {@code name} with these labels (among others); fails unless exactly one. */
  public double value(String name, String... labelPairs) {
    List<Sample> found = find(name, labelPairs);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + name + " with labels " + List.of(labelPairs) + ": " + found);
    }
    return found.get(0).value();
  }

  /** As {@link #value}, but 0 when no sample matches: a labelled series that has not been created yet. */
  public double valueOrZero(String name, String... labelPairs) {
    return find(name, labelPairs).isEmpty() ? 0 : value(name, labelPairs);
  }

  /** Every sample named {@code name} whose labels include {@code labelPairs} (key, value, key, value, ...). */
  public List<Sample> find(String name, String... labelPairs) {
    if (labelPairs.length % 2 != 0) throw new IllegalArgumentException("labels come in key, value pairs");
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (!s.name().equals(name)) continue;
      boolean all = true;
      for (int i = 0; i < labelPairs.length && all; i += 2) all = labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
      if (all) out.add(s);
    }
    return out;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), number(line.substring(space + 1)));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // after ="
      for (; line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') i++;
    }
    return new Sample(line.substring(0, brace), labels, number(line.substring(i + 1).strip()));
  }

  /** The value, without the optional timestamp after it. */
  private static double number(String rest) {
    String v = rest.split(" ")[0];
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }
}
