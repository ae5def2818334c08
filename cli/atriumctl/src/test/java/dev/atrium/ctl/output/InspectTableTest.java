package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code inspect dataplanes} rendered from an overview list as the store serves it. */
class InspectTableTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  static ListPage captured() throws Exception {
    try (InputStream in = InspectTableTest.class.getResourceAsStream("/inspect/dataplanes-overview.json")) {
      JsonNode body = Mappers.JSON.readTree(in);
      return ListPage.fromJson(body);
    }
  }

  @Test
  void rendersKumactlsColumnsWithTheCertificateOnesPlusTheLastError() throws Exception {
    String text = new InspectPrinter(OutputFormat.TABLE, NOW, java.time.ZoneOffset.UTC).dataplanes("default", captured());

    assertThat(text).isEqualTo("""
        MESH      NAME        TAGS                                            STATUS               LAST CONNECTED AGO   LAST UPDATED AGO   TOTAL UPDATES   TOTAL ERRORS   CERT REGENERATED AGO   CERT EXPIRATION       CERT REGENERATIONS   CERT BACKEND   LAST ERROR
        default   backend-1   kuma.io/protocol=http,kuma.io/service=backend   Online               49m                  2m                 10              1              49m                    2025-06-02 11:10:06   2                    ca-1           outbound:127.0.0.1:41001: cannot bind '127.0.0.1:41001':...
        default   backend-2   kuma.io/service=backend                         Offline              179m                 179m               4               0              never                  -                     0                    -              <none>
        default   client      kuma.io/service=client                          Offline              never                never              0               0              never                  -                     0                    -              <none>
        default   edge-1      kuma.io/service=edge-gateway                    Online               3h59m                30s                120             0              never                  -                     0                    -              <none>
        default   web-1       kuma.io/service=web,kuma.io/service=web-admin   Partially degraded   59m                  never              4               0              never                  -                     0                    -              <none>
        """);
  }

  @Test
  void lastErrorIsTheNewestRejectionOnOneLineShortened() throws Exception {
    List<DataplaneOverviewItem> items = captured().items().stream().map(DataplaneOverviewItem::fromJson).toList();
    String full = items.get(0).insight().latest().orElseThrow().status().lds().lastRejection();
    assertThat(full).contains("\n");

    String shown = InspectTable.lastError(items.get(0).insight());
    assertThat(shown).hasSizeLessThanOrEqualTo(InspectTable.ERROR_WIDTH).endsWith("...").doesNotContain("\n");
    assertThat(shown).startsWith("outbound:127.0.0.1:41001: cannot bind");
    assertThat(InspectTable.shorten("short\n text")).isEqualTo("short text");
  }

  @Test
  void statusFollowsKumasRules() throws Exception {
    List<DataplaneOverviewItem> items = captured().items().stream().map(DataplaneOverviewItem::fromJson).toList();
    assertThat(items).extracting(InspectTable::status)
        .containsExactly("Online", "Offline", "Offline", "Online", "Partially degraded");
  }

  @Test
  void yamlAndJsonShowTheServersListAsReceived() throws Exception {
    String json = new InspectPrinter(OutputFormat.JSON, NOW).dataplanes("default", captured());
    assertThat(Mappers.JSON.readTree(json).at("/items/0/dataplaneInsight/subscriptions/1/status/lds/lastRejection")
        .asText()).contains("cannot bind");
    assertThat(new InspectPrinter(OutputFormat.YAML, NOW).dataplanes("default", captured()))
        .contains("type: DataplaneOverview");
  }

  @Test
  void anEmptyMeshSaysSo() {
    assertThat(new InspectPrinter(OutputFormat.TABLE, NOW).dataplanes("demo", new ListPage(0, List.of(), null)))
        .isEqualTo("No resources found in mesh demo.\n");
  }
}
