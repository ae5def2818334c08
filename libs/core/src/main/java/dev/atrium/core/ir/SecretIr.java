package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A server certificate a listener terminates TLS with, delivered to Envoy by SDS: its PEM contents, or
 * the path of a PEM file on the proxy's machine that Envoy reads (and re-reads when it changes).
 *
 * @param name Kuma's scheme {@code cert.<rsa|ecdsa>:<secret|inline|inlineString>:<id>}, or
 *     {@code cert.file:<id>} for a file (the control plane does not read it, so the key type is unknown)
 * @param certificateChain the PEM certificates, leaf first (null for a file)
 * @param privateKey the PEM private key (null for a file); never printed: the YAML form shows its SHA-256
 * @param file the PEM file holding the certificates and the key (null for contents)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "certificateChain", "privateKeySha256", "file"})
public record SecretIr(String name, String certificateChain, @JsonIgnore String privateKey, String file) {
  public SecretIr {
    Objects.requireNonNull(name, "name");
    if ((file == null) == (certificateChain == null || privateKey == null)) {
      throw new IllegalArgumentException("secret " + name + " needs either a certificate chain and key, or a file");
    }
  }

  public SecretIr(String name, String certificateChain, String privateKey) {
    this(name, certificateChain, privateKey, null);
  }

  public static SecretIr file(String name, String path) {
    return new SecretIr(name, null, null, Objects.requireNonNull(path, "path"));
  }

  /** Tells keys apart in golden files and inspect output without showing them. */
  @JsonProperty("privateKeySha256")
  public String privateKeySha256() {
    if (privateKey == null) return null;
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(privateKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SecretIr[name=" + name + "]";
  }
}
