package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.model.Resource;

/**
 * Kuma's DataplaneOverview: a Dataplane's meta and kri, its spec under {@code dataplane} and its
 * insight's spec under {@code dataplaneInsight}, so that one request answers "which proxies are there
 * and how are they doing" ({@code kumactl inspect dataplanes}, the GUI).
 */
final class DataplaneOverview {
  private DataplaneOverview() {}

  static final String TYPE = "DataplaneOverview";
  private static final String[] META = {"mesh", "name", "creationTime", "modificationTime", "labels", "kri"};

  /**
   * @param insight null when the proxy has never connected (or its status was not written yet)
   * @param single a single GET shows a missing insight as {@code {}}; a list item leaves it out, as Kuma does
   */
  static ObjectNode render(Resource dataplane, Resource insight, boolean single) {
    ObjectNode universal = ResourceEncoder.toUniversal(dataplane);
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.put("type", TYPE);
    for (String field : META) {
      if (universal.has(field)) out.set(field, universal.get(field));
    }
    out.set("dataplane", ResourceEncoder.specTree(dataplane));
    if (insight != null) {
      out.set("dataplaneInsight", ResourceEncoder.specTree(insight));
    } else if (single) {
      out.putObject("dataplaneInsight");
    }
    return out;
  }
}
