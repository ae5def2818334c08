package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgeTest {

  @Test
  void secondsUpToTwoMinutes() {
    assertThat(Age.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Age.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Age.format(Duration.ofSeconds(119))).isEqualTo("119s");
  }

  @Test
  void minutesWithSecondsWhileYoungThenWholeMinutes() {
    assertThat(Age.format(Duration.ofSeconds(180))).isEqualTo("3m");
    assertThat(Age.format(Duration.ofSeconds(200))).isEqualTo("3m20s");
    assertThat(Age.format(Duration.ofMinutes(42).plusSeconds(7))).isEqualTo("42m");
  }

  @Test
  void hoursDaysAndYears() {
    assertThat(Age.format(Duration.ofHours(2))).isEqualTo("120m");
    assertThat(Age.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Age.format(Duration.ofHours(5).plusMinutes(30))).isEqualTo("5h30m");
    assertThat(Age.format(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(Age.format(Duration.ofDays(5))).isEqualTo("5d");
    assertThat(Age.format(Duration.ofDays(3).plusHours(4))).isEqualTo("3d4h");
    assertThat(Age.format(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(Age.format(Duration.ofDays(365 * 2 + 10))).isEqualTo("2y10d");
    assertThat(Age.format(Duration.ofDays(365 * 9))).isEqualTo("9y");
  }

  @Test
  void clockSkewOfOneSecondIsNowAndMoreIsInvalid() {
    assertThat(Age.format(Duration.ofMillis(-1500))).isEqualTo("0s");
    assertThat(Age.format(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
  }

  @Test
  void missingTimestampIsUnknown() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(Age.since(null, now)).isEqualTo("<unknown>");
    assertThat(Age.since(now.minusSeconds(45), now)).isEqualTo("45s");
  }
}
