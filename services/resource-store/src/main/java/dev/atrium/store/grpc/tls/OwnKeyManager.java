package dev.atrium.store.grpc.tls;

import dev.atrium.security.tls.IssuedCertificate;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** The store's one certificate and key, held in memory: no key store to build (see {@link StoreGrpcTls#serverContext}). */
final class OwnKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "atrium-internal";
  private final PrivateKey key;
  private final X509Certificate[] chain;

  OwnKeyManager(IssuedCertificate own) {
    this.key = own.key();
    List<X509Certificate> certs = new ArrayList<>(List.of(own.certificate()));
    certs.addAll(own.chain());
    this.chain = certs.toArray(X509Certificate[]::new);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  /** TLS asks per key type ("RSA", "EC", "RSASSA-PSS"...): only the type of the one key held. */
  private boolean matches(String keyType) {
    String alg = key.getAlgorithm();
    return keyType.equals(alg) || (alg.equals("RSA") && keyType.equals("RSASSA-PSS")) || (alg.equals("EC") && keyType.startsWith("EC"));
  }
}
