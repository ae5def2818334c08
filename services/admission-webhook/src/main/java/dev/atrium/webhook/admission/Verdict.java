package dev.atrium.webhook.admission;

import dev.atrium.webhook.patch.JsonPatch;
import java.util.List;

/** What a webhook decided about one object: let it through (maybe changed) or refuse it. */
public sealed interface Verdict {

  /** A short word for logs and the handling-time metric: allowed, patched or refused. */
  String outcome();

  /** Allowed unchanged; {@code note} says why nothing was done (for the debug log only). */
  record Allow(String note, List<String> warnings) implements Verdict {
    public Allow(String note) {
      this(note, List.of());
    }

    @Override
    public String outcome() {
      return "allowed";
    }
  }

  /** Allowed with a JSON Patch the API server applies before storing the object. */
  record Patch(String note, JsonPatch patch) implements Verdict {
    @Override
    public String outcome() {
      return "patched";
    }
  }

  /**
   * Refused. {@code code} and {@code reason} become the Status the API server returns to the client
   * (kubectl prints {@code message}); {@code causes} name the fields, one per violation.
   */
  record Refuse(int code, String reason, String message, List<Cause> causes) implements Verdict {
    public static Refuse forbidden(String message) {
      return new Refuse(403, "Forbidden", message, List.of());
    }

    public static Refuse badRequest(String message) {
      return new Refuse(400, "BadRequest", message, List.of());
    }

    @Override
    public String outcome() {
      return "refused";
    }
  }

  /** One field-level problem, as a Kubernetes StatusCause. */
  record Cause(String field, String message) {}
}
