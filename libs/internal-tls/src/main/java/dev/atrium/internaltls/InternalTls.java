package dev.atrium.internaltls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How this service talks to Atrium's other services: mutual TLS with certificates from the internal CA
 * (the default, and the only mode a deployment should run), or plaintext when
 * {@code ATRIUM_INTERNAL_TLS=disabled} says so explicitly, for development only. There is no silent
 * fallback: without the CA, certificate and key files, {@link #requireUsable()} refuses to start the
 * service and names what is missing.
 *
 * <p>Each setting is read as a MicroProfile Config property whose environment form is the documented
 * name ({@code atrium.internal-ca-file} is {@code ATRIUM_INTERNAL_CA_FILE}), so a service's
 * {@code %test} profile can turn it off for in-process tests.
 */
public record InternalTls(boolean enabled, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
  public static final String MODE_ENV = "ATRIUM_INTERNAL_TLS";
  public static final String CA_ENV = "ATRIUM_INTERNAL_CA_FILE";
  public static final String CERT_ENV = "ATRIUM_INTERNAL_TLS_CERT_FILE";
  public static final String KEY_ENV = "ATRIUM_INTERNAL_TLS_KEY_FILE";

  public static final String MODE_PROPERTY = "atrium.internal-tls";
  public static final String CA_PROPERTY = "atrium.internal-ca-file";
  public static final String CERT_PROPERTY = "atrium.internal-tls-cert-file";
  public static final String KEY_PROPERTY = "atrium.internal-tls-key-file";

  /**
   * Reads the settings through {@code property} (a config lookup by property name; blank counts as unset).
   *
   * @throws InternalTlsException for a mode other than {@code enabled} or {@code disabled}
   */
  public static InternalTls read(Function<String, Optional<String>> property) {
    String mode = value(property, MODE_PROPERTY).orElse("enabled").toLowerCase(Locale.ROOT);
    if (!mode.equals("enabled") && !mode.equals("disabled")) {
      throw new InternalTlsException(MODE_ENV + "=" + mode + " is not a mode: use enabled (the default) or disabled"
          + " (plaintext between Atrium's services, for development only)");
    }
    return new InternalTls(mode.equals("enabled"), value(property, CA_PROPERTY).map(Path::of),
        value(property, CERT_PROPERTY).map(Path::of), value(property, KEY_PROPERTY).map(Path::of));
  }

  /**
   * Checks that mutual TLS can run: the three files are set, exist and can be read. Nothing to check when
   * disabled.
   *
   * @throws InternalTlsException naming each missing or unreadable setting
   */
  public InternalTls requireUsable() {
    if (!enabled) return this;
    List<String> problems = new ArrayList<>();
    check(problems, CA_ENV, caFile, "the internal CA certificate (PEM) that signs every Atrium service's certificate");
    check(problems, CERT_ENV, certFile, "this service's certificate (PEM), signed by the internal CA");
    check(problems, KEY_ENV, keyFile, "this service's private key (PEM)");
    if (!problems.isEmpty()) {
      throw new InternalTlsException(String.join("; ", problems) + ". Atrium's services call each other over mutual TLS"
          + " (the Store gRPC API); set " + CA_ENV + ", " + CERT_ENV + " and " + KEY_ENV + " (deploy/local/run.sh and"
          + " the Helm chart make them), or " + MODE_ENV + "=disabled for development only");
    }
    return this;
  }

  /** One line for the start-up log; never the files' contents. */
  public String describe() {
    return enabled
        ? "mutual TLS: CA " + caFile.orElseThrow() + ", certificate " + certFile.orElseThrow()
        : "PLAINTEXT (" + MODE_ENV + "=disabled: for development only, any process that reaches the port can call it)";
  }

  private static void check(List<String> problems, String env, Optional<Path> file, String what) {
    if (file.isEmpty()) {
      problems.add(env + " is not set (" + what + ")");
    } else if (!Files.isRegularFile(file.get())) {
      problems.add(env + "=" + file.get() + " does not exist");
    } else if (!Files.isReadable(file.get())) {
      problems.add(env + "=" + file.get() + " cannot be read by this process");
    }
  }

  private static Optional<String> value(Function<String, Optional<String>> property, String name) {
    return property.apply(name).map(String::trim).filter(v -> !v.isEmpty());
  }
}
