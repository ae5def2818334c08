package dev.atrium.bench.xds;

import dev.atrium.security.pem.EcKeys;
import dev.atrium.security.pem.RsaKeys;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code --mtls}: the mesh {@code default} with a builtin CA backend {@code ca-1}, as a user enables it
 * through the REST API. The CA Secrets are the resource-store's to create; when this store does not
 * (within 5 s), the bench writes them itself, as that owner would, so the xds-server has a CA.
 */
final class MeshTlsSetup {
  static final String CERT_SECRET = "default.ca-builtin-cert-ca-1";
  static final String KEY_SECRET = "default.ca-builtin-key-ca-1";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private MeshTlsSetup() {}

  /** @return how the CA came to be: "store" (its CA owner) or "bench" */
  static String enable(String apiUrl) throws Exception {
    put(apiUrl + "/meshes/default", """
        {"type": "Mesh", "name": "default", "mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": "builtin"}]}}""");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (status(apiUrl + "/meshes/default/secrets/" + CERT_SECRET) == 200) return "store";
      Thread.sleep(100);
    }
    IssuedCertificate ca = CertificateIssuer.systemClock().selfSigned(CertificateRequest.ca("default", Duration.ofDays(3650)));
    put(apiUrl + "/meshes/default/secrets/" + CERT_SECRET, secret(CERT_SECRET, ca.certificatePem()));
    put(apiUrl + "/meshes/default/secrets/" + KEY_SECRET, secret(KEY_SECRET, ca.keyPem()));
    return "bench";
  }

  /**
   * Key generation in this JVM, after warm-up: median ms per key over batches, P-256 and RSA-2048 (what
   * ADR 0014 compares).
   */
  static String keyGeneration() {
    for (int i = 0; i < 200; i++) EcKeys.generateP256();
    for (int i = 0; i < 3; i++) RsaKeys.generate(2048);
    double ec = median(11, 100, EcKeys::generateP256);
    double rsa = median(11, 2, () -> RsaKeys.generate(2048));
    return String.format(Locale.ROOT, "key pair generation in the bench's JVM (median of 11 batches): ECDSA P-256 "
        + "%.3f ms, RSA-2048 %.1f ms (%.0f×)", ec, rsa, rsa / ec);
  }

  private static double median(int batches, int perBatch, Runnable make) {
    double[] ms = new double[batches];
    for (int b = 0; b < batches; b++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < perBatch; i++) make.run();
      ms[b] = (System.nanoTime() - t0) / 1e6 / perBatch;
    }
    Arrays.sort(ms);
    return ms[batches / 2];
  }

  private static String secret(String name, String pem) {
    return "{\"type\": \"Secret\", \"mesh\": \"default\", \"name\": \"" + name + "\", \"data\": \""
        + Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)) + "\"}";
  }

  private static void put(String url, String json) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 && r.statusCode() != 201) throw new IllegalStateException("PUT " + url + " answered " + r.statusCode() + ": " + r.body());
  }

  private static int status(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
