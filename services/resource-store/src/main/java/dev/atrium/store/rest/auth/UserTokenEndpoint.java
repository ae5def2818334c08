package dev.atrium.store.rest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.validation.Violation;
import dev.atrium.store.rest.ErrorBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.atrium.store.tokens.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /tokens/user {name, groups, validFor}} → the token as text/plain, as Kuma's user-token
 * service answers. Only admins get here: {@link ApiAuthFilter} refuses everyone else.
 */
@Path("/tokens/user")
public class UserTokenEndpoint {
  private final UserTokenStore tokens;

  public UserTokenEndpoint(UserTokenStore tokens) {
    this.tokens = tokens;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response issue(String body) {
    JsonNode request;
    try {
      request = Mappers.JSON.readTree(body == null ? "" : body);
    } catch (Exception e) {
      request = null;
    }
    if (request == null || !request.isObject()) {
      return ErrorBody.of(400, "Bad Request", "the body must be a JSON object {name, groups, validFor}", List.of());
    }
    List<Violation> violations = new ArrayList<>();
    String name = text(request, "name", violations);
    if (name != null && name.isEmpty()) violations.add(new Violation("name", "cannot be empty"));
    List<String> groups = groups(request.get("groups"), violations);
    Duration validFor = validFor(text(request, "validFor", violations), violations);
    if (!violations.isEmpty()) return ErrorBody.of(400, "Invalid request", "Resource is not valid", violations);
    return Response.ok(tokens.issue(name, groups, validFor), MediaType.TEXT_PLAIN).build();
  }

  private static Duration validFor(String text, List<Violation> violations) {
    if (text == null) return null;
    if (text.isEmpty()) {
      violations.add(new Violation("validFor", "cannot be empty"));
      return null;
    }
    try {
      Duration d = GoDuration.parse(text);
      if (d.isZero()) violations.add(new Violation("validFor", "cannot be empty or nil"));
      else if (d.isNegative()) violations.add(new Violation("validFor", "must be positive"));
      return d;
    } catch (IllegalArgumentException e) {
      violations.add(new Violation("validFor", "is invalid: " + e.getMessage()));
      return null;
    }
  }

  /** A string field; absent or null reads as "" (Go's zero value), another type is a violation. */
  private static String text(JsonNode request, String field, List<Violation> violations) {
    JsonNode n = request.get(field);
    if (n == null || n.isNull()) return "";
    if (!n.isTextual()) {
      violations.add(new Violation(field, "must be a string"));
      return null;
    }
    return n.asText();
  }

  private static List<String> groups(JsonNode n, List<Violation> violations) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (!n.isArray()) {
      violations.add(new Violation("groups", "must be a list of strings"));
      return out;
    }
    for (int i = 0; i < n.size(); i++) {
      if (n.get(i).isTextual()) out.add(n.get(i).asText());
      else violations.add(new Violation("groups[" + i + "]", "must be a string"));
    }
    return out;
  }
}
