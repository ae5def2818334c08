package dev.atrium.xds.tls;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the xds-server's serving certificate comes from, read before Quarkus starts
 * ({@link XdsServerMain}): each setting from its environment variable, else from the system property
 * of the same name in Quarkus's dotted form ({@code ATRIUM_XDS_TLS_DIR} or {@code -Datrium.xds.tls-dir}).
 *
 * @param certFile a configured certificate (PEM, chain allowed); with {@code keyFile}, served as it is
 * @param keyFile its private key (PEM)
 * @param dir where the self-signed certificate is made once and kept, when none is configured
 * @param extraSans names and addresses the self-signed certificate carries beside the local ones
 */
public record TlsSettings(Optional<Path> certFile, Optional<Path> keyFile, Path dir, List<String> extraSans) {
  public static final String CERT_FILE = "ATRIUM_XDS_TLS_CERT_FILE";
  public static final String KEY_FILE = "ATRIUM_XDS_TLS_KEY_FILE";
  public static final String DIR = "ATRIUM_XDS_TLS_DIR";
  public static final String SANS = "ATRIUM_XDS_TLS_SANS";

  public TlsSettings {
    extraSans = List.copyOf(extraSans);
  }

  /** The settings from the process's environment and system properties. */
  public static TlsSettings fromEnvironment() {
    return from(name -> {
      String value = System.getenv(name);
      return value != null ? value : System.getProperty(propertyName(name));
    });
  }

  /** The settings as {@code lookup} (environment variable name → value or null) gives them. */
  public static TlsSettings from(UnaryOperator<String> lookup) {
    Optional<Path> cert = nonBlank(lookup.apply(CERT_FILE)).map(Path::of);
    Optional<Path> key = nonBlank(lookup.apply(KEY_FILE)).map(Path::of);
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(CERT_FILE + " and " + KEY_FILE + " go together: " + (cert.isPresent() ? KEY_FILE
          : CERT_FILE) + " is not set (set both for a configured certificate, or neither for a self-signed one)");
    }
    Path dir = nonBlank(lookup.apply(DIR)).map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".atrium", "xds-server"));
    List<String> sans = nonBlank(lookup.apply(SANS))
        .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
        .orElse(List.of());
    return new TlsSettings(cert, key, dir, sans);
  }

  public boolean configured() {
    return certFile.isPresent();
  }

  /** {@code ATRIUM_XDS_TLS_CERT_FILE} → {@code atrium.xds.tls-cert-file}. */
  static String propertyName(String env) {
    String lower = env.toLowerCase(java.util.Locale.ROOT);
    return "atrium.xds." + lower.substring("atrium_xds_".length()).replace('_', '-');
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
