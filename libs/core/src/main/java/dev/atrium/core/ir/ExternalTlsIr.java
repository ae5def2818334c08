package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * TLS a cluster originates to an ExternalService (not mesh mTLS: no mesh identity, no SPIFFE check),
 * as Kuma's UpstreamTlsContextOutsideMesh builds it.
 *
 * @param sni the server name sent (null: none, the address is an IP and no serverName was given)
 * @param caCert the CAs the server certificate must chain to (null: not verified)
 * @param clientCert the certificate presented to the server (null: none)
 * @param clientKey its private key (null: none)
 * @param verifyName the DNS or IP SAN the server certificate must carry (null: not checked; only with a CA)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExternalTlsIr(String sni, Pem caCert, Pem clientCert, Pem clientKey, boolean allowRenegotiation,
    String verifyName) {

  /**
   * PEM bytes Envoy gets inline, or a file on the proxy's machine it reads. The YAML form shows only the
   * SHA-256 of inline bytes: a client key must never be printed, and a certificate is long.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Pem(@JsonIgnore String inline, String file) {
    public Pem {
      if ((inline == null) == (file == null)) throw new IllegalArgumentException("a PEM is either inline or a file");
    }

    public static Pem inline(String pem) {
      return new Pem(pem, null);
    }

    public static Pem file(String path) {
      return new Pem(null, path);
    }

    @JsonProperty("sha256")
    public String sha256() {
      if (inline == null) return null;
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    @Override
    public String toString() {
      return file != null ? "Pem[file=" + file + "]" : "Pem[sha256=" + sha256() + "]";
    }
  }
}
