package dev.atrium.store.rest;

import dev.atrium.core.codec.Mappers;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.store.service.ResourceService;
import dev.atrium.store.tokens.DataplaneTokenIssuer;
import dev.atrium.store.tokens.DataplaneTokenRequest;
import dev.atrium.store.tokens.MeshSigningKeys;
import dev.atrium.store.tokens.ZoneSigningKeys;
import dev.atrium.store.tokens.ZoneTokenIssuer;
import dev.atrium.store.tokens.ZoneTokenRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Kuma's {@code POST /tokens/dataplane} and {@code POST /tokens/zone}: the body names the proxies (or
 * the zone and its components) the token may authenticate, the answer is the token as
 * {@code text/plain}. Who may call them is decided by the REST authorization filter (admin only), not
 * here.
 */
@Path("/tokens")
public class TokenEndpoints {
  private final DataplaneTokenIssuer dataplaneTokens;
  private final ZoneTokenIssuer zoneTokens;

  public TokenEndpoints(ResourceService service) {
    this.dataplaneTokens = new DataplaneTokenIssuer(service.signingKeys(), Clock.systemUTC());
    this.zoneTokens = new ZoneTokenIssuer(ZoneSigningKeys.of(service), Clock.systemUTC());
  }

  /**
   * Global's (or a standalone control plane's) zone tokens; a zone connected to a global holds no
   * signing key and answers Kuma's 404 "Signing Key not found".
   */
  @POST
  @Path("zone")
  @Consumes(MediaType.WILDCARD)
  public Response zone(String body) {
    ZoneTokenRequest request;
    try {
      request = Mappers.JSON.readValue(body == null || body.isBlank() ? "{}" : body, ZoneTokenRequest.class);
    } catch (IOException e) {
      return ErrorBody.badRequest("Could not read a request: the body is not a zone token request", List.of());
    }
    try {
      return Response.ok(zoneTokens.issue(request), MediaType.TEXT_PLAIN).build();
    } catch (InvalidResourceException e) {
      return ErrorBody.of(400, "Invalid request", "Resource is not valid", e.violations());
    } catch (ZoneSigningKeys.NoSigningKey e) {
      return ErrorBody.of(404, "Signing Key not found", e.getMessage(), List.of());
    }
  }

  @POST
  @Path("dataplane")
  @Consumes(MediaType.WILDCARD)
  public Response dataplane(String body) {
    DataplaneTokenRequest request;
    try {
      request = Mappers.JSON.readValue(body == null || body.isBlank() ? "{}" : body, DataplaneTokenRequest.class);
    } catch (IOException e) {
      return ErrorBody.badRequest("Could not read a request: the body is not a dataplane token request", List.of());
    }
    try {
      return Response.ok(dataplaneTokens.issue(request), MediaType.TEXT_PLAIN).build();
    } catch (InvalidResourceException e) {
      return ErrorBody.of(400, "Invalid request", "Resource is not valid", e.violations());
    } catch (MeshSigningKeys.NoSigningKey e) {
      return ErrorBody.of(404, "Signing Key not found", e.getMessage(), List.of());
    }
  }
}
