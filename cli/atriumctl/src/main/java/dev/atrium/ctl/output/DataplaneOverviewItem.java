package dev.atrium.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.ctl.CliException;

/**
 * One item of {@code GET /meshes/{mesh}/dataplanes/_overview}: the Dataplane and its insight, each
 * decoded (and so checked) with the same codec the server uses, as kumactl re-validates what it reads.
 *
 * @param insight empty when the proxy has no recorded status yet
 */
public record DataplaneOverviewItem(String mesh, String name, DataplaneSpec dataplane, DataplaneInsightSpec insight) {

  public static DataplaneOverviewItem fromJson(JsonNode item) {
    String mesh = item.path("mesh").asText("");
    String name = item.path("name").asText("");
    try {
      DataplaneSpec dp = (DataplaneSpec) ResourceCodec.decodeSpec(ResourceKind.DATAPLANE,
          item.path("dataplane").isObject() ? item.get("dataplane").toString() : "{}");
      DataplaneInsightSpec insight = (DataplaneInsightSpec) ResourceCodec.decodeSpec(ResourceKind.DATAPLANE_INSIGHT,
          item.path("dataplaneInsight").isObject() ? item.get("dataplaneInsight").toString() : "{}");
      return new DataplaneOverviewItem(mesh, name, dp, insight);
    } catch (InvalidResourceException e) {
      throw new CliException("the API returned a DataplaneOverview atriumctl cannot read (" + mesh + "/" + name + "): "
          + e.getMessage());
    }
  }
}
