package dev.atrium.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.ctl.CliException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A resource as the API returned it. The decoder accepts but drops the server's bookkeeping fields,
 * so the modification time (for AGE) is read from the JSON here.
 */
public record ListedResource(Resource resource, Instant modificationTime) {

  public static ListedResource fromJson(JsonNode item) {
    Resource resource;
    try {
      resource = ResourceCodec.decode(item);
    } catch (InvalidResourceException e) {
      // Like kumactl, atriumctl re-checks what it reads; a resource it cannot read is reported, not guessed at.
      throw new CliException("the API returned a resource atriumctl cannot read ("
          + item.path("type").asText("?") + " " + item.path("name").asText("?") + "): " + e.getMessage());
    }
    return new ListedResource(resource, timestamp(item.path("modificationTime").asText("")));
  }

  /** RFC 3339 as Go writes it ("2018-07-17T16:05:36.995Z"); null when absent or unreadable. */
  static Instant timestamp(String text) {
    if (text.isEmpty()) return null;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
