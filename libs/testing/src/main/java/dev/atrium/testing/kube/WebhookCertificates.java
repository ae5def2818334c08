package dev.atrium.testing.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA and a serving certificate for 127.0.0.1 (SAN IP), made with openssl as an operator (or
 * cert-manager) would: the webhook serves {@link #cert()}/{@link #key()}, the webhook configurations
 * carry {@link #caBundle()}.
 */
public record WebhookCertificates(Path dir) {
  private static final String CONFIG = """
      [req]
      distinguished_name = dn
      prompt = no
      [dn]
      CN = unused
      [ca]
      basicConstraints = critical,CA:TRUE
      keyUsage = critical,keyCertSign,cRLSign
      subjectKeyIdentifier = hash
      [serving]
      basicConstraints = critical,CA:FALSE
      keyUsage = critical,digitalSignature,keyEncipherment
      extendedKeyUsage = serverAuth
      authorityKeyIdentifier = keyid
      subjectAltName = IP:127.0.0.1
      """;

  public static WebhookCertificates create(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("openssl.cnf"), CONFIG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "ca.key");
    openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "tls.key");
    openssl(dir, "req", "-x509", "-new", "-config", "openssl.cnf", "-extensions", "ca", "-key", "ca.key",
        "-subj", "/CN=atrium-webhook-test-ca", "-days", "2", "-out", "ca.crt");
    openssl(dir, "req", "-new", "-config", "openssl.cnf", "-key", "tls.key", "-subj", "/CN=atrium-admission-webhook",
        "-out", "tls.csr");
    openssl(dir, "x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "openssl.cnf", "-extensions", "serving", "-out", "tls.crt");
    return new WebhookCertificates(dir);
  }

  public Path cert() {
    return dir.resolve("tls.crt");
  }

  public Path key() {
    return dir.resolve("tls.key");
  }

  /** The CA certificate, base64 of its PEM, as {@code clientConfig.caBundle} takes it. */
  public String caBundle() {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ca.crt")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TLS context that trusts only this CA, to call the webhook directly as the API server does. */
  public SSLContext trustingCa() {
    try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl could not be run: run .ci/install-tools.sh (installs openssl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
