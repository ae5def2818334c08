package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import org.junit.jupiter.api.Test;

/** An OpenTelemetry body written as an OTLP AnyValue keeps its structure; any other JSON goes as text, as in Kuma. */
class AccessLogConfigurerTest {
  @Test
  void anAnyValueBodyKeepsItsStructure() {
    AnyValue body = AccessLogConfigurer.body("""
        {"kvlistValue": {"values": [
          {"key": "status", "value": {"stringValue": "%RESPONSE_CODE%"}},
          {"key": "tags", "value": {"arrayValue": {"values": [{"stringValue": "a"}, {"intValue": "7"}]}}}]}}""");
    assertThat(body.getKvlistValue().getValuesList()).hasSize(2);
    assertThat(body.getKvlistValue().getValues(0).getKey()).isEqualTo("status");
    assertThat(body.getKvlistValue().getValues(0).getValue().getStringValue()).isEqualTo("%RESPONSE_CODE%");
    assertThat(body.getKvlistValue().getValues(1).getValue().getArrayValue().getValues(1).getIntValue()).isEqualTo(7);
  }

  @Test
  void otherJsonIsSentAsItsText() {
    assertThat(AccessLogConfigurer.body("{\"status\": \"%RESPONSE_CODE%\"}").getStringValue())
        .isEqualTo("{\"status\": \"%RESPONSE_CODE%\"}");
    assertThat(AccessLogConfigurer.body("not json").getStringValue()).isEqualTo("not json");
  }
}
