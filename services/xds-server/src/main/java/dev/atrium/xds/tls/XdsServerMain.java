package dev.atrium.xds.tls;

import dev.atrium.security.tls.CertificateIssuer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The xds-server's entry point: makes sure its serving certificate exists, then starts Quarkus, whose
 * HTTP server reads the certificate files through the TLS registry (ADR 0010: the files must exist
 * before that configuration is read, and a main method is the one place that runs before it).
 * The effective paths are passed on as the system properties {@code atrium.xds.tls-cert-file} /
 * {@code atrium.xds.tls-key-file}, which application.properties gives the TLS registry.
 */
@QuarkusMain
public final class XdsServerMain {
  private XdsServerMain() {}

  public static void main(String... args) {
    ServingCertificate cert;
    try {
      cert = ServingCertificate.ensure(TlsSettings.fromEnvironment(), CertificateIssuer.systemClock());
    } catch (RuntimeException e) {
      System.err.println("atrium-xds-server: no serving certificate: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.setProperty(TlsSettings.propertyName(TlsSettings.CERT_FILE), cert.certFile().toAbsolutePath().toString());
    System.setProperty(TlsSettings.propertyName(TlsSettings.KEY_FILE), cert.keyFile().toAbsolutePath().toString());
    System.setProperty(GENERATED_PROPERTY, String.valueOf(cert.generated()));
    Quarkus.run(args);
  }

  /** Whether the served certificate is the self-signed one (read by {@link ServingCertificateLog}). */
  static final String GENERATED_PROPERTY = "atrium.internal.xds-tls-generated";
}
