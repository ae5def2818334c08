package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent.DenominatorType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A fault's percentage keeps its decimals in Envoy, with the denominator Kuma picks for them. */
class FaultFiltersConfigurerTest {
  @Test
  void wholePercentagesAreOutOfAHundredDecimalsOutOfTenThousandOrAMillion() {
    assertThat(percent("100")).isEqualTo(fraction(100, DenominatorType.HUNDRED));
    assertThat(percent("0")).isEqualTo(fraction(0, DenominatorType.HUNDRED));
    assertThat(percent("50.0")).as("a decimal string of a whole number").isEqualTo(fraction(50, DenominatorType.HUNDRED));
    assertThat(percent("12.5")).isEqualTo(fraction(1250, DenominatorType.TEN_THOUSAND));
    assertThat(percent("0.125")).isEqualTo(fraction(1250, DenominatorType.MILLION));
    assertThat(percent("33.33333")).as("rounded to a millionth").isEqualTo(fraction(333333, DenominatorType.MILLION));
  }

  private static FractionalPercent percent(String value) {
    return FaultFiltersConfigurer.percent(new BigDecimal(value));
  }

  private static FractionalPercent fraction(int numerator, DenominatorType denominator) {
    return FractionalPercent.newBuilder().setNumerator(numerator).setDenominator(denominator).build();
  }
}
