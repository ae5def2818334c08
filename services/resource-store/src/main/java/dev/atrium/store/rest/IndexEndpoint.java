package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.ResourceKind;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /} (kumactl calls it first to check compatibility) and {@code GET /_resources} (the
 * kinds served, for the GUI and {@code kumactl export}).
 *
 * <p>ADR 0008: the index names the API it serves — product "Kuma" at the Kuma release whose API Atrium
 * follows, marked as an alternative distribution by {@code basedOnKuma} — because Kuma's
 * {@code kumactl config control-planes add} refuses any other product, and every other kumactl command
 * warns unless product and version equal its own. What the server really is sits beside it, in
 * {@code implementation}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class IndexEndpoint {
  /** The Kuma release whose API Atrium follows: reported as the version, and as basedOnKuma. */
  static final String KUMA_API_VERSION = "2.14.3";

  private final String version;
  private final String hostname = hostname();
  private final String instanceId = hostname + "-" + UUID.randomUUID().toString().substring(0, 4);

  public IndexEndpoint(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
    this.version = version;
  }

  @GET
  public String index() {
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("hostname", hostname);
    body.put("product", "Kuma");
    body.put("version", KUMA_API_VERSION);
    body.put("basedOnKuma", KUMA_API_VERSION);
    body.put("instanceId", instanceId);
    body.put("gui", "");
    // Kuma's clients ignore fields they do not know; people and Atrium's own tools read this one.
    body.putObject("implementation").put("product", "Atrium").put("version", version);
    return body.toString();
  }

  @GET
  @Path("_resources")
  public String resources() {
    ObjectNode body = Mappers.JSON.createObjectNode();
    ArrayNode list = body.putArray("resources");
    Arrays.stream(ResourceKind.values()).sorted(Comparator.comparing(ResourceKind::typeName)).forEach(k -> {
      ObjectNode d = list.addObject();
      d.put("name", k.typeName());
      d.put("path", k.collection());
      d.put("scope", k.isMeshScoped() ? "Mesh" : "Global");
      d.put("readOnly", ReadOnlyKinds.contains(k));
      d.put("shortName", k.shortName());
      d.put("singularDisplayName", DisplayNames.singular(k.typeName()));
      d.put("pluralDisplayName", DisplayNames.plural(k.typeName()));
      // Kuma: kinds global sends to zones and users write; a zone's proxies and global's zones are neither.
      d.put("includeInFederation", k != ResourceKind.DATAPLANE && k != ResourceKind.ZONE && k != ResourceKind.ZONE_INSIGHT
          && k != ResourceKind.ZONE_INGRESS_INSIGHT);
    });
    return body.toString();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
