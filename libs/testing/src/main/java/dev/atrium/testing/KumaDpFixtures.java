package dev.atrium.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What kuma-dp 2.14.3 sends, written from Kuma's source or recorded from a kuma-dp built from it
 * ({@code pkg/xds/bootstrap/types/bootstrap_request.go}, {@code app/kuma-dp/pkg/dataplane/envoy/
 * remote_bootstrap.go}): field order,
 * {@code omitempty} and indentation as Go's {@code json.MarshalIndent(request, "", " ")} writes them; the
 * Dataplane given with {@code --dataplane-file} as the JSON string kuma-dp's {@code json.Marshal} of the
 * REST resource makes (zero creation times, a kri). {@code ${NAME}} placeholders are ports and paths the
 * test fills in.
 */
public final class KumaDpFixtures {
  private KumaDpFixtures() {}

  /** kuma-dp 2.14.3's bootstrap request for Dataplane default/backend-01, every field set. */
  public static final String BOOTSTRAP_REQUEST = "bootstrap-request-2.14.3.json";

  /**
   * Recorded: what a kuma-dp built from Kuma's v2.14.3 source sent with its default flags
   * ({@code kuma-dp run --cp-address http://… --dataplane-file dp.yaml --dns-enabled=false}) for the
   * Dataplane default/kdp-1, ports and work directory turned into placeholders.
   */
  public static final String BOOTSTRAP_REQUEST_DEFAULTS = "bootstrap-request-2.14.3-defaults.json";

  public static String read(String file, Map<String, String> values) {
    try (InputStream in = KumaDpFixtures.class.getResourceAsStream("/kuma-dp/" + file)) {
      if (in == null) throw new IllegalArgumentException("no fixture kuma-dp/" + file);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (var e : values.entrySet()) text = text.replace("${" + e.getKey() + "}", e.getValue());
      if (text.contains("${")) throw new IllegalArgumentException("unfilled placeholder in " + file + ": " + text);
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
