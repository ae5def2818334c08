package dev.atrium.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.zone.ZoneInsightSpec;
import dev.atrium.core.model.zone.ZoneSpec;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.ctl.CliException;
import java.time.Instant;

/**
 * One item of {@code GET /zones/_overview}: the Zone and its insight, decoded with the server's codec.
 *
 * @param insight empty when the zone never connected
 */
public record ZoneOverviewItem(String name, Instant modificationTime, ZoneSpec zone, ZoneInsightSpec insight) {

  public static ZoneOverviewItem fromJson(JsonNode item) {
    String name = item.path("name").asText("");
    try {
      ZoneSpec zone = (ZoneSpec) ResourceCodec.decodeSpec(ResourceKind.ZONE,
          item.path("zone").isObject() ? item.get("zone").toString() : "{}");
      ZoneInsightSpec insight = (ZoneInsightSpec) ResourceCodec.decodeSpec(ResourceKind.ZONE_INSIGHT,
          item.path("zoneInsight").isObject() ? item.get("zoneInsight").toString() : "{}");
      return new ZoneOverviewItem(name, ListedResource.timestamp(item.path("modificationTime").asText("")), zone, insight);
    } catch (InvalidResourceException e) {
      throw new CliException("the API returned a ZoneOverview atriumctl cannot read (" + name + "): " + e.getMessage());
    }
  }

  /** kumactl's STATUS: Online when the zone is enabled and a subscription is open. */
  public String status() {
    return zone.isEnabled() && insight.online() ? "Online" : "Offline";
  }
}
