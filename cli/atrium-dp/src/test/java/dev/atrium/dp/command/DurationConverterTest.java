package dev.atrium.dp.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

  @Test
  void readsKumaDpStyleDurations() {
    assertThat(DurationConverter.parse("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(DurationConverter.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsNumbersWithoutUnitAndOtherText() {
    for (String bad : new String[] {"60", "s", "1.5s", "PT60S", "-1s", ""}) {
      assertThatThrownBy(() -> DurationConverter.parse(bad))
          .as(bad).isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("is not a duration");
    }
  }
}
