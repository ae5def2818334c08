package dev.atrium.dp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.dp.bootstrap.RetryPolicy.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  @ParameterizedTest(name = "{0} → {2}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "200 | {\"bootstrap\":\"YQ==\"} | DONE",
      // The Dataplane is not known (yet): Kuma's empty 404. Worth waiting for.
      "404 | ''                    | RETRY",
      "404 | null                  | RETRY",
      "404 | '  '                  | RETRY",
      // A 404 that says something is an answer, not a wait.
      "404 | no such mesh          | FAIL",
      "400 | SAN mismatch          | FAIL",
      "401 | ''                    | FAIL",
      "403 | forbidden             | FAIL",
      "409 | conflict              | FAIL",
      "422 | {\"title\":\"invalid\"} | FAIL",
      "500 | boom                  | RETRY",
      "502 | ''                    | RETRY",
      "503 | starting              | RETRY",
      "504 | ''                    | RETRY",
      "302 | ''                    | RETRY",
  })
  void decidesLikeKumaDp(int status, String body, Decision expected) {
    assertThat(RetryPolicy.decide(status, body)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 402, 403, 405, 406, 408, 409, 410, 413, 415, 422, 429, 499})
  void everyOther4xxIsFatal(int status) {
    assertThat(RetryPolicy.decide(status, "x")).isEqualTo(Decision.FAIL);
  }
}
