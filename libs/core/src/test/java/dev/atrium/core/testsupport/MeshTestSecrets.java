package dev.atrium.core.testsupport;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Static stand-ins for the mesh-TLS SDS secrets the xds-server's identity issuer serves
 * ({@code identity_cert:secret:<mesh>}, {@code mesh_ca:secret:<mesh>|all}), so that
 * {@code envoy --mode validate} loads real certificates for the mesh-TLS golden cases. Test-only
 * certificates: {@code translate/certs/mesh-identity.pem} (certificate, then its key) and {@code mesh-ca.pem}.
 */
final class MeshTestSecrets {
  private MeshTestSecrets() {}

  static boolean isMeshSecret(String name) {
    return name.startsWith("identity_cert:secret:") || name.startsWith("mesh_ca:secret:");
  }

  static Secret secret(String name) {
    if (name.startsWith("identity_cert:secret:")) {
      String pem = read("mesh-identity.pem");
      int key = pem.indexOf("-----BEGIN PRIVATE KEY-----");
      return Secret.newBuilder().setName(name).setTlsCertificate(TlsCertificate.newBuilder()
          .setCertificateChain(DataSource.newBuilder().setInlineString(pem.substring(0, key)))
          .setPrivateKey(DataSource.newBuilder().setInlineString(pem.substring(key)))).build();
    }
    if (name.startsWith("mesh_ca:secret:")) {
      return Secret.newBuilder().setName(name).setValidationContext(CertificateValidationContext.newBuilder()
          .setTrustedCa(DataSource.newBuilder().setInlineString(read("mesh-ca.pem")))).build();
    }
    throw new IllegalArgumentException("not a mesh TLS secret: " + name);
  }

  private static String read(String file) {
    Path path = TranslateCases.DIR.resolve("certs").resolve(file);
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
