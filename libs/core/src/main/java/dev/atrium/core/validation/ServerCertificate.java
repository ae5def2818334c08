package dev.atrium.core.validation;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A PEM bundle (certificates and one private key, as a TLS listener's certificate source holds it)
 * split the way Envoy's {@code tls_certificate} wants it: the CERTIFICATE blocks in order as the
 * chain, the private key block alone, and the key type that names the SDS secret.
 *
 * @param keyType "RSA" or "ECDSA"
 */
public record ServerCertificate(String keyType, String certificateChain, String privateKey) {

  /**
   * The bundle split, or empty when it is not a usable server certificate: unreadable, no
   * certificate, not exactly one unencrypted RSA or ECDSA key (the Validator refuses those at write
   * time with the reason; here they are only left out).
   */
  public static Optional<ServerCertificate> read(byte[] pem) {
    PemBundle bundle;
    try {
      bundle = PemBundle.parse(pem);
    } catch (PemBundle.UnreadablePemException e) {
      return Optional.empty();
    }
    if (bundle.certificates().isEmpty() || bundle.keys().size() != 1 || bundle.encryptedKeys() > 0) return Optional.empty();
    String keyType = PemBundle.keyType(bundle.keys().get(0));
    if (!keyType.equals("RSA") && !keyType.equals("ECDSA")) return Optional.empty();
    StringWriter chain = new StringWriter();
    StringWriter key = new StringWriter();
    try (PemReader reader = new PemReader(new StringReader(new String(pem, StandardCharsets.UTF_8)));
        PemWriter chainOut = new PemWriter(chain);
        PemWriter keyOut = new PemWriter(key)) {
      for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
        if (o.getType().equals("CERTIFICATE")) chainOut.writeObject(o);
        else if (o.getType().endsWith("PRIVATE KEY")) keyOut.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PEM that parsed once did not parse again", e);
    }
    return Optional.of(new ServerCertificate(keyType, chain.toString(), key.toString()));
  }

  @Override
  public String toString() {
    return "ServerCertificate[" + keyType + "]";
  }
}
