package dev.atrium.ctl.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The {@code -o} choices of {@code get}. */
public enum OutputFormat {
  TABLE, YAML, JSON;

  public static Optional<OutputFormat> parse(String text) {
    return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(text.trim())).findFirst();
  }

  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
