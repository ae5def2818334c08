package dev.atrium.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * The GET / kumactl makes before every command. As in kumactl, an odd answer is only a warning (the
 * commands may still work against a proxy or a fork); no answer at all is fatal, since nothing else
 * can work either.
 */
public final class CompatibilityCheck {
  private CompatibilityCheck() {}

  /** Products whose REST API atriumctl speaks: Atrium itself, and Kuma, whose API Atrium copies. */
  private static final Set<String> KNOWN_PRODUCTS = Set.of("atrium", "kuma");

  /** Throws {@link ApiUnreachableException} if the API does not answer; otherwise warns on {@code err} at most. */
  public static void run(ApiClient client, PrintWriter err) {
    HttpResponse<String> response = client.getRaw("/");
    // A token the server does not accept fails every call after this one too: say so now, in Kuma's words.
    if (response.statusCode() == 401) throw ApiException.fromResponse(401, response.body());
    String warning = warningFor(response.statusCode(), response.body());
    if (warning != null) err.println("WARNING: the API at " + client.baseUrl() + " " + warning + "; continuing anyway");
  }

  /** Null when the index looks like Atrium's or Kuma's; otherwise what is odd about it. */
  static String warningFor(int status, String body) {
    if (status != 200) return "answered GET / with HTTP " + status;
    JsonNode index;
    try {
      index = Mappers.JSON.readTree(body);
    } catch (Exception e) {
      return "answered GET / with something that is not JSON";
    }
    if (index == null || !index.isObject()) return "answered GET / with something that is not a JSON object";
    String product = index.path("product").asText("");
    if (product.isEmpty()) return "does not say which product it is (no \"product\" in GET /)";
    boolean known = KNOWN_PRODUCTS.contains(product.toLowerCase(java.util.Locale.ROOT))
        || index.hasNonNull("basedOnKuma");
    if (!known) return "reports product \"" + product + "\", not Atrium or Kuma";
    return null;
  }
}
