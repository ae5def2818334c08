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
    try {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create(xds.url() + "/q/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : body.split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
      return Double.NaN;
    } catch (Exception e) {
      throw new IllegalStateException("/q/metrics: " + e.getMessage(), e);
    }
  }
}
