package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kuma's overview of a kind beside meshes joined with its insight of the same name (ZoneOverview,
 * ZoneIngressOverview): the resource's meta, its spec under {@code specField} and the insight's under
 * {@code insightField}. Whether it is online is the reader's to conclude, as in Kuma.
 *
 * @param type the overview's {@code type}, e.g. "ZoneIngressOverview"
 * @param specField e.g. "zoneIngress"
 * @param insightField e.g. "zoneIngressInsight"
 */
record GlobalOverviews(ResourceKind kind, ResourceKind insightKind, String type, String specField, String insightField) {
  static final GlobalOverviews ZONES =
      new GlobalOverviews(ResourceKind.ZONE, ResourceKind.ZONE_INSIGHT, "ZoneOverview", "zone", "zoneInsight");
  static final GlobalOverviews ZONE_INGRESSES = new GlobalOverviews(ResourceKind.ZONE_INGRESS,
      ResourceKind.ZONE_INGRESS_INSIGHT, "ZoneIngressOverview", "zoneIngress", "zoneIngressInsight");

  private static final String[] META = {"name", "creationTime", "modificationTime", "labels"};

  /** A page of overviews, Kuma's list body ({@code total}, {@code items}, {@code next}). */
  Response list(ResourceService service, UriInfo uri) {
    ListQuery query = ListQuery.parse(uri.getQueryParameters());
    List<Resource> resources = service.list(kind, null).stream().filter(query::matches).toList();
    Map<String, Resource> insights = service.list(insightKind, null).stream()
        .collect(Collectors.toMap(Resource::name, Function.identity()));
    ObjectNode body = query.page(resources, uri.getRequestUri(), r -> render(r, insights.get(r.name()), false));
    return Response.ok(body.toString()).build();
  }

  /** One overview; 404 when the resource does not exist. */
  Response get(ResourceService service, String name) {
    Resource resource = service.getOrThrow(kind, null, name);
    Resource insight = service.get(insightKind, null, name).orElse(null);
    return Response.ok(render(resource, insight, true).toString()).build();
  }

  /**
   * @param insight null when the resource has none (never connected)
   * @param single a single GET shows a missing insight as {@code {}}; a list item leaves it out, as Kuma does
   */
  ObjectNode render(Resource resource, Resource insight, boolean single) {
    ObjectNode universal = ResourceEncoder.toUniversal(resource);
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.put("type", type);
    for (String field : META) {
      if (universal.has(field)) out.set(field, universal.get(field));
    }
    out.set(specField, ResourceEncoder.specTree(resource));
    if (insight != null) {
      out.set(insightField, ResourceEncoder.specTree(insight));
    } else if (single) {
      out.putObject(insightField);
    }
    return out;
  }
}
