package dev.atrium.xds.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.xds.ads.ProxyStatus;
import dev.atrium.xds.ads.TypeStatus;
import dev.atrium.xds.wiring.XdsEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;

/** What this server knows of each proxy: connection, pushes, and per-type ACK/NACK with Envoy's error text. */
@Path("/proxies")
@Produces(MediaType.APPLICATION_JSON)
public class ProxyStatusEndpoint {
  private final XdsEngine engine;

  public ProxyStatusEndpoint(XdsEngine engine) {
    this.engine = engine;
  }

  @GET
  public String list() {
    ObjectNode body = Mappers.JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    engine.ads().streams().statuses().stream().sorted(Comparator.comparing(ProxyStatus::id))
        .forEach(s -> items.add(render(s)));
    return body.toString();
  }

  static ObjectNode render(ProxyStatus s) {
    ObjectNode o = Mappers.JSON.createObjectNode();
    o.put("mesh", s.id().mesh());
    o.put("name", s.id().name());
    o.put("connected", s.connected());
    if (s.connectedAt() != null) o.put("connectTime", s.connectedAt().toString());
    if (s.disconnectedAt() != null) o.put("disconnectTime", s.disconnectedAt().toString());
    o.put("pushes", s.pushes());
    ObjectNode types = o.putObject("types");
    for (TypeStatus t : s.types().values()) {
      ObjectNode n = types.putObject(t.typeUrl().substring(t.typeUrl().lastIndexOf('.') + 1));
      n.put("sentVersion", t.sentVersion());
      n.put("responsesSent", t.responsesSent());
      n.put("ackedVersion", t.ackedVersion());
      n.put("acks", t.acks());
      n.put("nacks", t.nacks());
      if (t.nacks() > 0) {
        n.put("nackedVersion", t.nackedVersion());
        n.put("nackError", t.nackError());
      }
    }
    return o;
  }
}
