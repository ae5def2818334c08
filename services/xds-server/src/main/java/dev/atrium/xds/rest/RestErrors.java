package dev.atrium.xds.rest;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Plain-text errors, as kuma-dp prints a 4xx body as the reason it stops. */
public class RestErrors {
  @ServerExceptionMapper
  public Response rejected(BootstrapEndpoint.BootstrapRejected e) {
    return BootstrapEndpoint.text(422, e.getMessage());
  }
}
