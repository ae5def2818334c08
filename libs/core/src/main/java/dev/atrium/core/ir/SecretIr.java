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
 * A server certificate a listener terminates TLS with, delivered to Envoy by SDS.
 *
 * @param name Kuma's scheme {@code cert.<rsa|ecdsa>:<secret|inline|inlineString>:<id>}
 * @param certificateChain the PEM certificates, leaf first
 * @param privateKey the PEM private key; never printed: the YAML form shows its SHA-256 instead
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "certificateChain", "privateKeySha256"})
public record SecretIr(String name, String certificateChain, @JsonIgnore String privateKey) {
  public SecretIr {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** Tells keys apart in golden files and inspect output without showing them. */
  @JsonProperty("privateKeySha256")
  public String privateKeySha256() {
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
