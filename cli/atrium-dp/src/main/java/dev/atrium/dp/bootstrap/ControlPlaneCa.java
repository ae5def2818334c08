package dev.atrium.dp.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.dp.AgentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the agent trusts the control plane with: the CA certificates of {@code --ca-cert-file} (kuma-dp's
 * flag, env {@code KUMA_CONTROL_PLANE_CA_CERT_FILE}), else the PEM itself in {@code KUMA_CONTROL_PLANE_CA_CERT}
 * (what Kubernetes injection sets, so no file has to be mounted into every namespace), else the system's
 * CAs. The PEM goes into the bootstrap request's {@code caCert}, so the Envoy it starts verifies the ADS
 * connection the same way.
 *
 * @param source where the CA came from: the file's path or the variable's name, null for the system's CAs
 * @param pem the CA's text, null for the system's CAs
 * @param certificates its certificates, empty for the system's CAs
 */
public record ControlPlaneCa(String source, String pem, List<X509Certificate> certificates) {
  /** kuma-dp's variable holding the CA's PEM itself (not a path). */
  public static final String CA_CERT_ENV = "KUMA_CONTROL_PLANE_CA_CERT";

  /** Where the system's CAs are, sent as {@code systemCaPath} when no CA file is given (Debian/Ubuntu/Alpine, then RHEL). */
  static final List<Path> SYSTEM_CA_FILES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
      Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/cert.pem"));

  public static ControlPlaneCa system() {
    return new ControlPlaneCa(null, null, List.of());
  }

  /**
   * The CA to trust: {@code file} when given (an explicit file wins), else {@code inlinePem} when set,
   * else the system's CAs.
   */
  public static ControlPlaneCa of(Path file, String inlinePem) {
    if (file != null) return read(file);
    if (inlinePem != null && !inlinePem.isBlank()) return inline(inlinePem);
    return system();
  }

  /** Reads and checks {@code file}: readable, PEM certificates, the first one a CA. */
  public static ControlPlaneCa read(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new AgentException("Error: --ca-cert-file " + file + " cannot be read: " + describe(e));
    }
    return checked("--ca-cert-file " + file, file.toString(), pem);
  }

  /** Checks the PEM given in {@code KUMA_CONTROL_PLANE_CA_CERT} as {@link #read} checks a file. */
  public static ControlPlaneCa inline(String pem) {
    return checked(CA_CERT_ENV, CA_CERT_ENV, pem);
  }

  /** {@code label} names the CA in refusals ({@code --ca-cert-file F}); {@code source} is what {@link #source()} says. */
  private static ControlPlaneCa checked(String label, String source, String pem) {
    List<X509Certificate> certs;
    try {
      certs = parse(pem);
    } catch (CertificateException e) {
      certs = List.of();
    }
    if (certs.isEmpty() || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new AgentException("Error: " + label + " is not a PEM certificate (expected a "
          + "-----BEGIN CERTIFICATE----- block: the control plane's CA)");
    }
    X509Certificate first = certs.get(0);
    // Kuma's rule: a certificate without basic constraints may still be a CA; only CA:FALSE is refused.
    if (first.getBasicConstraints() < 0 && first.getExtensionValue("2.5.29.19") != null) {
      throw new AgentException(List.of("Error: " + label + " (subject \""
              + first.getSubjectX500Principal().getName() + "\"):",
          "A data plane proxy is trying to verify the control plane using the certificate which is not a certificate "
              + "authority (basic constraint 'CA' is set to 'false').",
          "Provide CA that was used to sign a certificate used in the control plane by using 'atrium-dp run "
              + "--ca-cert-file=file' or via KUMA_CONTROL_PLANE_CA_CERT_FILE"));
    }
    return new ControlPlaneCa(source, pem, List.copyOf(certs));
  }

  /**
   * The bootstrap request's JSON with what Envoy needs to verify the control plane: {@code caCert} (the
   * PEM, as kuma-dp sends it) or, without a CA file, {@code systemCaPath}.
   */
  public String requestJson(BootstrapRequestBody body) {
    ObjectNode tree = body.toTree();
    if (!isSystem()) tree.put("caCert", pem);
    else if (systemCaPath() != null) tree.put("systemCaPath", systemCaPath());
    try {
      return new ObjectMapper().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isSystem() {
    return pem == null;
  }

  /** The system's CA bundle for Envoy (which has no default trust store), or null when none is found. */
  public static String systemCaPath() {
    return SYSTEM_CA_FILES.stream().filter(Files::isReadable).findFirst().map(Path::toString).orElse(null);
  }

  @SuppressWarnings("unchecked")
  static List<X509Certificate> parse(String pem) throws CertificateException {
    return (List<X509Certificate>) (List<?>) List.copyOf(CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))));
  }

  private static String describe(Exception e) {
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return kind + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
