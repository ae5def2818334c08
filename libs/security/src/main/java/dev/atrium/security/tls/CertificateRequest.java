package dev.atrium.security.tls;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a certificate should say: subject common name (may be empty, as Kuma's workload certificates),
 * subject alternative names, lifetime and what it may be used for.
 */
public record CertificateRequest(String commonName, List<String> dnsNames, List<String> ipAddresses, List<URI> uris,
    Duration validity, Usage usage) {

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
    SERVER_AND_CLIENT
  }

  public CertificateRequest {
    commonName = commonName == null ? "" : commonName;
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
  }

  public static CertificateRequest ca(String commonName, Duration validity) {
    return new CertificateRequest(commonName, List.of(), List.of(), List.of(), validity, Usage.CA);
  }

  public static CertificateRequest of(String commonName, List<String> dnsNames, List<String> ipAddresses,
      Duration validity, Usage usage) {
    return new CertificateRequest(commonName, dnsNames, ipAddresses, List.of(), validity, usage);
  }
}
