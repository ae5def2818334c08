package dev.atrium.core.translate;

import dev.atrium.core.ir.SecretIr;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.validation.ServerCertificate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A TLS-terminating gateway listener's certificates as SDS secrets, named as Kuma names them
 * ({@code cert.<rsa|ecdsa>:<secret|inline|inlineString>:<id>}; id = the mesh Secret's name, or the
 * first 16 hex digits of the SHA-256 of the inline bytes), so two listeners sharing a certificate share
 * one secret.
 *
 * <p>A {@code file:} source is read by the gateway's Envoy, on the gateway's machine, where operators
 * put the certificate it serves (Kuma reads it on the control plane's machine, which only works when
 * both are one). Its secret is {@code cert.file:<id>}, id = 16 hex digits of the SHA-256 of the path:
 * the key type is unknown here.
 *
 * <p>A listener is left out when one of its certificates cannot be served: a mesh Secret that does not
 * exist (the Validator refuses that when the MeshGateway is written, but the Secret can be deleted
 * later), or a PEM that does not split into certificates and one RSA/ECDSA key.
 */
final class GatewayCertificates {
  private GatewayCertificates() {}

  /** The secrets of {@code sources}, in order; empty when one of them cannot be served. */
  static Optional<List<SecretIr>> secrets(List<DataSource> sources, MeshSnapshot mesh) {
    List<SecretIr> secrets = new ArrayList<>();
    for (DataSource source : sources) {
      Optional<SecretIr> secret = secret(source, mesh);
      if (secret.isEmpty()) return Optional.empty();
      secrets.add(secret.get());
    }
    return secrets.isEmpty() ? Optional.empty() : Optional.of(secrets);
  }

  private static Optional<SecretIr> secret(DataSource source, MeshSnapshot mesh) {
    String kind;
    String id;
    byte[] pem;
    if (source.secret() != null && !source.secret().isEmpty()) {
      Optional<Resource> found = mesh.get(ResourceKind.SECRET, source.secret());
      if (found.isEmpty() || found.get().specAs(SecretSpec.class).data() == null) return Optional.empty();
      kind = "secret";
      id = source.secret();
      pem = found.get().specAs(SecretSpec.class).data();
    } else if (source.inline() != null && source.inline().length > 0) {
      kind = "inline";
      pem = source.inline();
      id = shortHash(pem);
    } else if (source.inlineString() != null && !source.inlineString().isEmpty()) {
      kind = "inlineString";
      pem = source.inlineString().getBytes(StandardCharsets.UTF_8);
      id = shortHash(pem);
    } else if (source.file() != null && !source.file().isEmpty()) {
      return Optional.of(SecretIr.file(ProxyNames.fileCertificateSecret(shortHash(
          source.file().getBytes(StandardCharsets.UTF_8))), source.file()));
    } else {
      return Optional.empty();
    }
    return ServerCertificate.read(pem).map(c -> new SecretIr(
        ProxyNames.serverCertificateSecret(c.keyType().toLowerCase(Locale.ROOT), kind, id),
        c.certificateChain(), c.privateKey()));
  }

  private static String shortHash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
