package dev.atrium.e2e.mtls;

import dev.atrium.security.pem.Pem;
import dev.atrium.testing.tls.MeshCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code openssl s_client}, as a user checks a mesh port by hand: it connects, offers ALPN
 * {@code kuma} (what marks mesh TLS), verifies the server against the mesh CA, optionally presents a
 * client certificate, sends one HTTP/1.1 request and prints what came back — the server's certificates
 * and the HTTP reply, or the TLS alert that refused it.
 */
final class OpenSslClient {
  // Not anchored: s_client prints the reply right after its session-ticket dump, on the same line.
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");
  private static final Pattern PEM_BLOCK = Pattern.compile("(?s)-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----");
  private static final Pattern ALERT = Pattern.compile("(?m)^.*alert.*$");

  private OpenSslClient() {}

  /** What s_client printed, its exit code, and what that says. */
  record Result(int exitCode, String output) {
    /** The HTTP status of the reply, or empty when no HTTP reply came (the handshake or the connection was refused). */
    Optional<Integer> httpStatus() {
      Matcher m = STATUS.matcher(output);
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The certificates the server presented ({@code -showcerts}), leaf first. */
    List<X509Certificate> serverCertificates() {
      StringBuilder pem = new StringBuilder();
      Matcher m = PEM_BLOCK.matcher(output);
      while (m.find()) pem.append(m.group()).append('\n');
      return Pem.certificates(pem.toString());
    }

    /** URI SANs of the server's leaf certificate, e.g. {@code spiffe://default/backend}. */
    List<String> serverUris() {
      List<X509Certificate> certs = serverCertificates();
      return certs.isEmpty() ? List.of() : MeshCertificates.uriSans(certs.get(0));
    }

    boolean verified() {
      return output.contains("Verify return code: 0 (ok)");
    }

    /** The line naming the TLS alert that ended the connection, if any (e.g. {@code tlsv13 alert certificate required}). */
    Optional<String> alert() {
      Matcher m = ALERT.matcher(output);
      return m.find() ? Optional.of(m.group().trim()) : Optional.empty();
    }
  }

  /**
   * {@code GET path} over TLS to 127.0.0.1:{@code port} with SNI {@code sni} and ALPN {@code kuma},
   * verifying the server with {@code caFile}; with the client certificate {@code client} unless null.
   */
  static Result get(int port, String sni, Path caFile, MeshCertificates.Files3 client, String path) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", sni, "-alpn", "kuma", "-CAfile", caFile.toString(), "-verify_return_error", "-showcerts",
        "-ign_eof", "-nocommands"));
    if (client != null) cmd.addAll(List.of("-cert", client.certificate().toString(), "-key", client.key().toString()));
    String request = "GET " + path + " HTTP/1.1\r\nHost: " + sni.replaceAll("\\{.*", "") + "\r\nConnection: close\r\n\r\n";
    try {
      // Output to a file, so a server that never closes cannot block this reader: s_client is killed after 20 s.
      Path out = java.nio.file.Files.createTempFile("s_client", ".out");
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
          in.write(request.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // s_client may already have exited (refused before it read its input): its output says why
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("openssl s_client did not finish in 20 s: " + cmd + "\n" + java.nio.file.Files.readString(out));
        }
        return new Result(p.exitValue(), java.nio.file.Files.readString(out));
      } finally {
        java.nio.file.Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
