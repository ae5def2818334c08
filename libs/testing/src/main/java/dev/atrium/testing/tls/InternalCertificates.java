package dev.atrium.testing.tls;

import dev.atrium.security.tls.CertificateFiles;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.security.tls.LocalAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An internal CA and one certificate per Atrium service, as an operator (deploy/local/run.sh, the Helm
 * chart) gives them: every packaged service a test starts gets its own ({@link #env}), so the services
 * talk mutual TLS in every end-to-end test. {@link #shared()} is made once per test JVM (RSA keys take a
 * moment); {@link #create} makes another CA, whose certificates the services must refuse.
 *
 * <p>Each certificate serves and calls (serverAuth + clientAuth), with SANs {@code localhost},
 * {@code 127.0.0.1} and this machine's other addresses, so a service listening on a veth's address is
 * verified too.
 */
public final class InternalCertificates {
  public static final String CA_FILE = "ATRIUM_INTERNAL_CA_FILE";
  public static final String CERT_FILE = "ATRIUM_INTERNAL_TLS_CERT_FILE";
  public static final String KEY_FILE = "ATRIUM_INTERNAL_TLS_KEY_FILE";

  private static final CertificateIssuer ISSUER = CertificateIssuer.systemClock();
  private static InternalCertificates shared;

  private final Path dir;
  private final IssuedCertificate ca;
  private final Map<String, CertificateFiles> services = new HashMap<>();

  private InternalCertificates(Path dir, String caName) {
    this.dir = dir;
    this.ca = ISSUER.selfSigned(CertificateRequest.ca(caName, Duration.ofDays(2)));
    write(dir.resolve("ca.crt"), ca.certificatePem());
  }

  /** The test JVM's internal CA, in a temporary directory removed when the JVM exits. */
  public static synchronized InternalCertificates shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("atrium-internal-tls-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "atrium-internal-tls-cleanup"));
        shared = new InternalCertificates(dir, "atrium-internal-ca");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** Another CA in {@code dir} (for a caller the services must refuse). */
  public static InternalCertificates create(Path dir, String caName) {
    return new InternalCertificates(dir, caName);
  }

  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  /** {@code service}'s certificate and key, issued by this CA the first time it is asked for. */
  public synchronized CertificateFiles service(String service) {
    return services.computeIfAbsent(service, name -> {
      CertificateFiles files = CertificateFiles.in(dir, name);
      List<String> ips = new ArrayList<>(LocalAddresses.ipAddresses());
      files.write(ISSUER.issue(ca, CertificateRequest.of(name, List.of("localhost", name), ips, Duration.ofDays(2),
          CertificateRequest.Usage.SERVER_AND_CLIENT)));
      return files;
    });
  }

  /** The three variables a packaged service reads: the CA, and {@code service}'s certificate and key. */
  public Map<String, String> env(String service) {
    CertificateFiles files = service(service);
    return Map.of(CA_FILE, caFile().toString(), CERT_FILE, files.certificate().toString(), KEY_FILE, files.key().toString());
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
