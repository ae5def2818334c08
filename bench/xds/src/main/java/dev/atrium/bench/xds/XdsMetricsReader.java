package dev.atrium.bench.xds;

import dev.atrium.testing.process.XdsServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One value from the xds-server's {@code /q/metrics} (HTTPS, its CA trusted). */
final class XdsMetricsReader {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .sslContext(dev.atrium.testing.process.TrustedCas.sslContext()).build();

  private XdsMetricsReader() {}

  /** The first sample of {@code name} (without labels), NaN when absent. */
  static double value(XdsServerProcess xds, String name) {
    return value(xds, name, "");
  }

  /** The first sample of {@code name} whose labels contain {@code label} (e.g. {@code changed="true"}), NaN when absent. */
  static double value(XdsServerProcess xds, String name, String label) {
    try {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create(xds.url() + "/q/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : body.split("\n")) {
        boolean labelled = line.startsWith(name + "{") && line.substring(0, line.indexOf('}') + 1).contains(label);
        if ((label.isEmpty() && line.startsWith(name + " ")) || labelled) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
      return Double.NaN;
    } catch (Exception e) {
      throw new IllegalStateException("/q/metrics: " + e.getMessage(), e);
    }
  }
}
