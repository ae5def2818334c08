package dev.atrium.core.model.faultinjection;

import java.math.BigDecimal;
import java.util.Optional;

/** A fault's percentage as Kuma reads it: an int or a decimal string ({@code 50}, {@code "12.5"}); absent is 0. */
public final class Percentage {
  private Percentage() {}

  /** The value, or empty when the text is no number. */
  public static Optional<BigDecimal> parse(String text) {
    if (text == null) return Optional.of(BigDecimal.ZERO);
    try {
      return Optional.of(new BigDecimal(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
