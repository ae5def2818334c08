package dev.atrium.store.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** validFor is read as Go reads durations, and refused with Go's words (Kuma passes them on). */
class GoDurationTest {
  @Test
  void readsGoDurations() {
    assertThat(GoDuration.parse("720h")).isEqualTo(Duration.ofDays(30));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDuration.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
  }

  @Test
  void refusesWithGosMessages() {
    assertThatThrownBy(() -> GoDuration.parse("abc")).hasMessage("time: invalid duration \"abc\"");
    assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
    assertThatThrownBy(() -> GoDuration.parse("10x")).hasMessage("time: unknown unit \"x\" in duration \"10x\"");
    assertThatThrownBy(() -> GoDuration.parse("1..5s")).hasMessage("time: invalid duration \"1..5s\"");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDuration.parse("99999999999999h")).hasMessage("time: invalid duration \"99999999999999h\"");
  }
}
