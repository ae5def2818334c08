package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.validation.Violation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Kuma's error JSON: the RFC 7807-style fields plus the legacy {@code details}/{@code causes} copies
 * that older kumactl versions read.
 */
public final class ErrorBody {
  private ErrorBody() {}

  public static Response of(int status, String title, String detail, List<Violation> violations) {
    ObjectNode body = Mappers.JSON.createObjectNode();
    body.put("type", "/std-errors");
    body.put("status", status);
    body.put("title", title);
    body.put("detail", detail);
    if (!violations.isEmpty()) {
      ArrayNode params = body.putArray("invalid_parameters");
      for (Violation v : violations) params.addObject().put("field", v.field()).put("reason", v.message());
    }
    body.put("details", detail);
    if (!violations.isEmpty()) {
      ArrayNode causes = body.putArray("causes");
      for (Violation v : violations) causes.addObject().put("field", v.field()).put("message", v.message());
    }
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body.toString()).build();
  }

  static Response invalid(List<Violation> violations) {
    return of(400, "Could not process a resource", "Resource is not valid", violations);
  }

  static Response badRequest(String detail, List<Violation> violations) {
    return of(400, "Bad Request", detail, violations);
  }
}
