package dev.atrium.ctl.api;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Words every error the same way, whether the server or the client found it:
 * <pre>
 * Error: MeshGateway default/edge-gateway: Resource is not valid
 *   conf.listeners[0].port: port must be in the range [1, 65535]
 * </pre>
 * One headline naming what was being done, then one indented line per violation, so a user fixing a
 * manifest sees every problem at once.
 */
public final class ErrorRenderer {
  private ErrorRenderer() {}

  /** Kuma's own wording for a resource that failed validation. */
  public static final String NOT_VALID = "Resource is not valid";

  /** An error response from the API while working on {@code subject} (e.g. "MeshGateway default/gw"). */
  public static List<String> render(String subject, ApiException e) {
    if (!e.isStructured()) {
      String body = e.rawBody().isEmpty() ? "" : ": " + firstLines(e.rawBody());
      return List.of("Error: " + subject + ": (" + e.status() + ")" + body);
    }
    return render(subject, headline(e), e.violations());
  }

  /** Problems found before anything was sent (decoding or client-side validation). */
  public static List<String> renderClientSide(String subject, List<Violation> violations) {
    // A lone document-level problem (say, a YAML syntax error) reads better as the headline itself.
    if (violations.size() == 1 && violations.get(0).field().isEmpty()) {
      return List.of("Error: " + subject + ": " + violations.get(0).message());
    }
    return render(subject, NOT_VALID, violations);
  }

  /** kubectl's wording for a missing resource, e.g. {@code MeshGateway "x" not found in mesh "default"}. */
  public static List<String> notFound(ResourceKind kind, String name, String mesh) {
    String where = kind.isMeshScoped() ? " in mesh \"" + mesh + "\"" : "";
    return List.of("Error: " + kind.typeName() + " \"" + name + "\" not found" + where);
  }

  private static List<String> render(String subject, String headline, List<Violation> violations) {
    List<String> lines = new ArrayList<>();
    lines.add("Error: " + subject + ": " + headline);
    for (Violation v : violations) {
      lines.add("  " + (v.field().isEmpty() ? "" : v.field() + ": ") + v.message());
    }
    return lines;
  }

  /**
   * With violations the detail ("Resource is not valid") is the headline; without, title and detail
   * together say the most ("Failed to retrieve Mesh (Not found)").
   */
  private static String headline(ApiException e) {
    String title = e.title();
    String detail = e.detail();
    if (!e.violations().isEmpty()) return !detail.isEmpty() ? detail : !title.isEmpty() ? title : NOT_VALID;
    if (title.isEmpty()) return detail;
    if (detail.isEmpty() || detail.equals(title)) return title;
    return title + " (" + detail + ")";
  }

  /** Keeps a stray HTML page or stack trace from flooding the terminal. */
  private static String firstLines(String body) {
    String oneLine = body.replaceAll("\\s*\\R\\s*", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}
