package dev.atrium.core.xds;

import com.google.protobuf.ByteString;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.SecretIr;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.WatchedDirectory;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.nio.file.Path;

/**
 * SDS: each server certificate the listeners name, its chain and key as inline bytes; or, for a file
 * on the proxy's machine, the file for both (Envoy takes the certificates and the key from one PEM)
 * with its directory watched, so a certificate rotated by moving a new file in is picked up without
 * the control plane.
 */
final class SecretGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    for (SecretIr ir : proxy.secrets()) {
      if (ir.file() != null) {
        out.add(fileSecret(ir));
        continue;
      }
      out.add(Secret.newBuilder()
          .setName(ir.name())
          .setTlsCertificate(TlsCertificate.newBuilder()
              .setCertificateChain(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8(ir.certificateChain())))
              .setPrivateKey(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8(ir.privateKey()))))
          .build());
    }
  }

  private static Secret fileSecret(SecretIr ir) {
    Path path = Path.of(ir.file());
    TlsCertificate.Builder certificate = TlsCertificate.newBuilder()
        .setCertificateChain(DataSource.newBuilder().setFilename(ir.file()))
        .setPrivateKey(DataSource.newBuilder().setFilename(ir.file()));
    if (path.getParent() != null) {
      certificate.setWatchedDirectory(WatchedDirectory.newBuilder().setPath(path.getParent().toString()));
    }
    return Secret.newBuilder().setName(ir.name()).setTlsCertificate(certificate).build();
  }
}
