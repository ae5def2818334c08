package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.ResourceKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Printing what the API returns: the list body shape of Kuma 2.14 (total, items, next). */
class ResourcePrinterTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  static final String GATEWAY_ITEM = """
      {"type":"MeshGateway","mesh":"default","name":"edge-gateway",
       "creationTime":"2025-05-30T11:00:00.5Z","modificationTime":"2025-05-31T12:00:00.123456789Z",
       "labels":{"kuma.io/mesh":"default","kuma.io/origin":"zone"},"kri":"kri_mgw_default_default__edge-gateway_",
       "selectors":[{"match":{"kuma.io/service":"edge-gateway"}}],
       "conf":{"listeners":[{"port":8080,"protocol":"HTTP","hostname":"foo.example.com","tags":{"port":"http-8080"}}]}}
      """;

  private static JsonNode json(String text) throws Exception {
    return Mappers.JSON.readTree(text);
  }

  @Test
  void tableReadsAgeFromModificationTimeAndAddsTheNextPageFooter() throws Exception {
    ListPage page = ListPage.fromJson(json("{\"total\":3,\"items\":[" + GATEWAY_ITEM + "],"
        + "\"next\":\"http://127.0.0.1:5681/meshes/default/meshgateways?offset=1&size=1\"}"));

    String text = new ResourcePrinter(OutputFormat.TABLE, NOW).list(ResourceKind.MESH_GATEWAY, "default", page);

    assertThat(text).isEqualTo("""
        MESH      NAME           LISTENERS                   AGE
        default   edge-gateway   HTTP:8080/foo.example.com   23h

        Rerun command with --offset=1 argument to retrieve more resources
        """);
  }

  @Test
  void emptyListSaysSoForTheMesh() throws Exception {
    ListPage page = ListPage.fromJson(json("{\"total\":0,\"items\":[],\"next\":null}"));

    assertThat(new ResourcePrinter(OutputFormat.TABLE, NOW).list(ResourceKind.MESH_GATEWAY, "prod", page))
        .isEqualTo("No resources found in mesh prod.\n");
    assertThat(new ResourcePrinter(OutputFormat.TABLE, NOW).list(ResourceKind.MESH, "prod", page))
        .isEqualTo("No resources found.\n");
  }

  @Test
  void yamlListKeepsServerFieldsUnderItemsNextTotal() throws Exception {
    ListPage page = ListPage.fromJson(json("{\"total\":1,\"items\":[" + GATEWAY_ITEM + "],\"next\":null}"));

    JsonNode printed = Mappers.YAML.readTree(new ResourcePrinter(OutputFormat.YAML, NOW)
        .list(ResourceKind.MESH_GATEWAY, "default", page));

    assertThat(printed.fieldNames()).toIterable().containsExactly("items", "next", "total");
    assertThat(printed.get("next").isNull()).isTrue();
    assertThat(printed.get("total").asInt()).isEqualTo(1);
    assertThat(printed.get("items").get(0).get("modificationTime").asText()).isEqualTo("2025-05-31T12:00:00.123456789Z");
    assertThat(printed.get("items").get(0).get("labels").get("kuma.io/origin").asText()).isEqualTo("zone");
  }

  @Test
  void singleResourceAsJsonIsTheServerTreeInItsOrder() throws Exception {
    String text = new ResourcePrinter(OutputFormat.JSON, NOW).single(ResourceKind.MESH_GATEWAY, json(GATEWAY_ITEM));

    assertThat(json(text)).isEqualTo(json(GATEWAY_ITEM));
    assertThat(text.indexOf("\"type\"")).isLessThan(text.indexOf("\"creationTime\""));
  }

  @Test
  void singleResourceAsTableIsOneRow() throws Exception {
    String text = new ResourcePrinter(OutputFormat.TABLE, NOW).single(ResourceKind.MESH_GATEWAY, json(GATEWAY_ITEM));

    assertThat(text.lines()).hasSize(2);
    assertThat(text).contains("edge-gateway   HTTP:8080/foo.example.com   23h");
  }

  @Test
  void nextOffsetComesFromTheNextUrl() throws Exception {
    assertThat(ListPage.fromJson(json("{\"total\":5,\"items\":[],\"next\":\"http://h:5681/meshes?offset=4&size=2\"}"))
        .nextOffset()).hasValue(4);
    assertThat(ListPage.fromJson(json("{\"total\":5,\"items\":[],\"next\":null}")).nextOffset()).isEmpty();
  }
}
