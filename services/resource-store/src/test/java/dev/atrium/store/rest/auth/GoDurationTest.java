package dev.atrium.store.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** validFor as Go parses it, with Go's error words. */
class GoDurationTest {
  @Test
  void parsesGoDurations() {
    assertThat(GoDuration.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(GoDuration.parse("720h")).isEqualTo(Duration.ofHours(720));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDuration.parse("0")).isZero();
    assertThat(GoDuration.parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
  }

  @Test
  void refusesWithGosWords() {
    assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
    assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
    assertThatThrownBy(() -> GoDuration.parse("abc")).hasMessage("time: invalid duration \"abc\"");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDuration.parse("99999999999999h")).hasMessage("time: invalid duration \"99999999999999h\"");
  }
}
