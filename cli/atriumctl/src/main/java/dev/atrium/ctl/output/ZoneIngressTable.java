package dev.atrium.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Version;
import dev.atrium.core.model.zoneingress.ZoneIngressInsightSpec;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.ctl.CliException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code inspect zoneingresses} with kumactl's columns, from {@code GET /zoneingresses/_overview}: STATUS
 * (Online while a subscription of its ZoneIngressInsight is open), when the newest one connected and last
 * updated, the xDS responses sent and rejected over the kept subscriptions, and the agent's and Envoy's
 * versions of the newest.
 */
public final class ZoneIngressTable {
  private ZoneIngressTable() {}

  static final List<String> HEADERS = List.of("NAME", "STATUS", "LAST CONNECTED AGO", "LAST UPDATED AGO",
      "TOTAL UPDATES", "TOTAL ERRORS", "KUMA-DP VERSION", "ENVOY VERSION");

  public static TableWriter inspect(List<JsonNode> items, Instant now) {
    TableWriter table = new TableWriter(HEADERS);
    for (JsonNode item : items) {
      String name = item.path("name").asText("");
      DataplaneInsightSpec insight = insight(name, item.path("zoneIngressInsight"));
      Optional<Version> version = insight.latest().map(Subscription::version);
      List<String> row = new ArrayList<>(List.of(name, insight.online() ? "Online" : "Offline"));
      row.addAll(InspectTable.connection(insight, now));
      row.add(version.map(Version::kumaDp).map(DataplaneInsightSpec.KumaDpVersion::version).orElse(""));
      row.add(version.map(Version::envoy).map(DataplaneInsightSpec.EnvoyVersion::version).orElse(""));
      table.addRow(row);
    }
    return table;
  }

  /** The item's insight in a proxy insight's form; no subscriptions when the ingress never connected. */
  private static DataplaneInsightSpec insight(String name, JsonNode json) {
    try {
      return ((ZoneIngressInsightSpec) ResourceCodec.decodeSpec(ResourceKind.ZONE_INGRESS_INSIGHT,
          json.isObject() ? json.toString() : "{}")).asProxyInsight();
    } catch (InvalidResourceException e) {
      throw new CliException("the API returned a ZoneIngressOverview atriumctl cannot read (" + name + "): " + e.getMessage());
    }
  }
}
