package dev.atrium.security.tls;

import dev.atrium.security.pem.RsaKeys;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a certificate should say: subject (common name, organization and organizational unit, each may
 * be empty: Kuma's workload certificates have an empty subject), subject alternative names (DNS names,
 * IP addresses, URIs such as {@code spiffe://mesh/service}), lifetime, what it may be used for and the
 * size of its fresh RSA key.
 */
public record CertificateRequest(String commonName, List<String> dnsNames, List<String> ipAddresses, List<URI> uris,
    Duration validity, Usage usage, String organization, String organizationalUnit, int keyBits) {

  public enum Usage {
    /** Signs other certificates only (basicConstraints CA:TRUE, keyCertSign, cRLSign). */
    CA,
    /** A self-signed server certificate that is also its own CA (Kuma's generated control-plane certificate). */
    CA_AND_SERVER,
    /** TLS server (serverAuth). */
    SERVER,
    /** TLS client (clientAuth). */
    CLIENT,
    /** Both ends of mutual TLS (serverAuth + clientAuth), as a service that serves and calls. */
    SERVER_AND_CLIENT,
    /**
     * A mesh proxy's identity, Kuma's workload profile: keyEncipherment, keyAgreement and digitalSignature,
     * serverAuth + clientAuth.
     */
    WORKLOAD
  }

  public CertificateRequest {
    commonName = commonName == null ? "" : commonName;
    organization = organization == null ? "" : organization;
    organizationalUnit = organizationalUnit == null ? "" : organizationalUnit;
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
    if (keyBits <= 0) keyBits = RsaKeys.DEFAULT_BITS;
  }

  /** Without organization, with an RSA-2048 key. */
  public CertificateRequest(String commonName, List<String> dnsNames, List<String> ipAddresses, List<URI> uris,
      Duration validity, Usage usage) {
    this(commonName, dnsNames, ipAddresses, uris, validity, usage, "", "", RsaKeys.DEFAULT_BITS);
  }

  public static CertificateRequest ca(String commonName, Duration validity) {
    return new CertificateRequest(commonName, List.of(), List.of(), List.of(), validity, Usage.CA);
  }

  public static CertificateRequest of(String commonName, List<String> dnsNames, List<String> ipAddresses,
      Duration validity, Usage usage) {
    return new CertificateRequest(commonName, dnsNames, ipAddresses, List.of(), validity, usage);
  }

  /** The URI subject alternative names (e.g. SPIFFE IDs), replacing any set before. */
  public CertificateRequest withUriSans(List<URI> uriSans) {
    return new CertificateRequest(commonName, dnsNames, ipAddresses, uriSans, validity, usage, organization,
        organizationalUnit, keyBits);
  }

  /** Subject {@code O=} and {@code OU=} besides {@code CN=} (Kuma's mesh CA: {@code O=Kuma, OU=Mesh, CN=<mesh>}). */
  public CertificateRequest withOrganization(String organization, String organizationalUnit) {
    return new CertificateRequest(commonName, dnsNames, ipAddresses, uris, validity, usage, organization,
        organizationalUnit, keyBits);
  }

  /** The size of the certificate's fresh RSA key (a mesh's {@code caCert.RSAbits}). */
  public CertificateRequest withKeyBits(int keyBits) {
    return new CertificateRequest(commonName, dnsNames, ipAddresses, uris, validity, usage, organization,
        organizationalUnit, keyBits);
  }
}
