package dev.atrium.security.tls;

import dev.atrium.security.pem.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Supplier;

/**
 * A certificate and its key as two PEM files: read when both exist, made once otherwise and kept, so a
 * restarted service presents the same certificate and the agents that trust it keep trusting it. The key
 * file is written owner-only and moved into place whole, so a crash never leaves half a key.
 */
public record CertificateFiles(Path certificate, Path key) {

  public static CertificateFiles in(Path dir, String baseName) {
    return new CertificateFiles(dir.resolve(baseName + ".crt"), dir.resolve(baseName + ".key"));
  }

  public boolean exist() {
    return Files.isRegularFile(certificate) && Files.isRegularFile(key);
  }

  /** The files' certificate (with its chain) and key, made by {@code make} and written first if absent. */
  public IssuedCertificate readOrCreate(Supplier<IssuedCertificate> make) {
    if (exist()) return read();
    IssuedCertificate made = make.get();
    write(made);
    return made;
  }

  public IssuedCertificate read() {
    try {
      List<java.security.cert.X509Certificate> certs = Pem.certificates(Files.readString(certificate));
      if (certs.isEmpty()) throw new IllegalArgumentException(certificate + " holds no PEM certificate");
      return new IssuedCertificate(certs.get(0), Pem.privateKey(Files.readString(key)), certs.subList(1, certs.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void write(IssuedCertificate issued) {
    try {
      Files.createDirectories(certificate.toAbsolutePath().getParent());
      Files.createDirectories(key.toAbsolutePath().getParent());
      writeAtomically(key, issued.keyPem(), true);
      writeAtomically(certificate, issued.certificatePem(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, content);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
