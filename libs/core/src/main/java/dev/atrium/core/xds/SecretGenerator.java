package dev.atrium.core.xds;

import com.google.protobuf.ByteString;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.SecretIr;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;

/** SDS: each server certificate the listeners name, its chain and key as inline bytes. */
final class SecretGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    for (SecretIr ir : proxy.secrets()) {
      out.add(Secret.newBuilder()
          .setName(ir.name())
          .setTlsCertificate(TlsCertificate.newBuilder()
              .setCertificateChain(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8(ir.certificateChain())))
              .setPrivateKey(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8(ir.privateKey()))))
          .build());
    }
  }
}
