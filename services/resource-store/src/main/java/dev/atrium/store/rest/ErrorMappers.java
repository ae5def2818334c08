package dev.atrium.store.rest;

import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.store.backend.VersionConflictException;
import dev.atrium.store.service.ResourceNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure becomes Kuma's error JSON; nothing escapes as an HTML page or a bare 500. */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response invalid(InvalidResourceException e) {
    return ErrorBody.invalid(e.violations());
  }

  @ServerExceptionMapper
  public Response notFound(ResourceNotFoundException e) {
    return ErrorBody.of(404, e.meshMissing() ? "Failed to retrieve Mesh" : "Could not retrieve a resource",
        e.getMessage(), List.of());
  }

  @ServerExceptionMapper
  public Response conflict(VersionConflictException e) {
    return ErrorBody.of(409, "Conflict", e.getMessage(), List.of());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String title = status == 405 ? "Method not Allowed" : status == 404 ? "Not Found" : "Bad Request";
    return ErrorBody.of(status, title, String.valueOf(e.getMessage()), List.of());
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("unexpected error while serving a request", e);
    return ErrorBody.of(500, "Internal Server Error", "the store could not complete the request; see its log",
        List.of());
  }
}
