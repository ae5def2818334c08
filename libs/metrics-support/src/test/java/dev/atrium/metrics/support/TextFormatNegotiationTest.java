package dev.atrium.metrics.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextFormatNegotiationTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // Prometheus 2.42's scrape Accept header: OpenMetrics first.
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1|true",
      "application/openmetrics-text|true",
      "Application/OpenMetrics-Text; version=1.0.0|true",
      "application/openmetrics-text;q=0, text/plain|false",
      "*/*|false",
      "text/plain|false",
      "text/html,application/xhtml+xml|false",
      "null|false"})
  void openMetricsOnlyWhenAskedForByName(String accept, boolean openMetrics) {
    assertThat(TextFormatNegotiation.asksForOpenMetrics(accept)).isEqualTo(openMetrics);
    assertThat(TextFormatNegotiation.acceptForScrape(accept)).isEqualTo(openMetrics ? accept : TextFormatNegotiation.TEXT_004);
  }
}
