package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.service.ResourceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kuma's zone overviews: {@code GET /zones/_overview} and {@code /zones/{name}/_overview}, with Kuma's
 * older paths {@code /zones+insights} and {@code /zones+insights/{name}} (what {@code kumactl inspect
 * zones} and the GUI read). Each item is a ZoneOverview: the Zone's meta, its spec under {@code zone} and
 * its ZoneInsight's under {@code zoneInsight}. Whether a zone is online is the reader's to conclude, as in
 * Kuma (an open newest subscription); global closes the subscriptions of zones that went silent.
 *
 * <p>Rooted at "/" like {@link ResourceEndpoints}, for the reason {@link OverviewEndpoints} gives: the
 * literal paths outrank its {@code {collection}/{name}} templates.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ZoneEndpoints {
  static final String TYPE = "ZoneOverview";
  private static final String[] META = {"name", "creationTime", "modificationTime", "labels"};

  private final ResourceService service;

  public ZoneEndpoints(ResourceService service) {
    this.service = service;
  }

  @GET
  @Path("zones/_overview")
  public Response list(@Context UriInfo uri) {
    ListQuery query = ListQuery.parse(uri.getQueryParameters());
    List<Resource> zones = service.list(ResourceKind.ZONE, null).stream().filter(query::matches).toList();
    Map<String, Resource> insights = service.list(ResourceKind.ZONE_INSIGHT, null).stream()
        .collect(Collectors.toMap(Resource::name, Function.identity()));
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("total", zones.size());
    ArrayNode items = body.putArray("items");
    int end = Math.min(zones.size(), query.offset() + query.size());
    for (int i = query.offset(); i < end; i++) items.add(render(zones.get(i), insights.get(zones.get(i).name()), false));
    String next = query.nextUrl(uri.getRequestUri(), zones.size());
    if (next == null) body.putNull("next"); else body.put("next", next);
    return Response.ok(body.toString()).build();
  }

  @GET
  @Path("zones+insights")
  public Response listLegacy(@Context UriInfo uri) {
    return list(uri);
  }

  @GET
  @Path("zones/{name}/_overview")
  public Response get(@PathParam("name") String name) {
    Resource zone = service.getOrThrow(ResourceKind.ZONE, null, name);
    Resource insight = service.get(ResourceKind.ZONE_INSIGHT, null, name).orElse(null);
    return Response.ok(render(zone, insight, true).toString()).build();
  }

  @GET
  @Path("zones+insights/{name}")
  public Response getLegacy(@PathParam("name") String name) {
    return get(name);
  }

  /**
   * @param insight null when the zone never connected (a Zone a user created)
   * @param single a single GET shows a missing insight as {@code {}}; a list item leaves it out, as Kuma does
   */
  static ObjectNode render(Resource zone, Resource insight, boolean single) {
    ObjectNode universal = ResourceEncoder.toUniversal(zone);
    ObjectNode out = Mappers.JSON.createObjectNode();
    out.put("type", TYPE);
    for (String field : META) {
      if (universal.has(field)) out.set(field, universal.get(field));
    }
    out.set("zone", ResourceEncoder.specTree(zone));
    if (insight != null) {
      out.set("zoneInsight", ResourceEncoder.specTree(insight));
    } else if (single) {
      out.putObject("zoneInsight");
    }
    return out;
  }
}
