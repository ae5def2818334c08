package dev.atrium.security.tls;

import dev.atrium.security.pem.RsaKeys;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes X.509 certificates with fresh RSA keys (2048 bits unless the request says otherwise): self-signed roots and certificates issued by a
 * CA. NotBefore is 10 s in the past, as Kuma does, so a peer whose clock is slightly behind accepts a
 * certificate made a moment ago.
 */
public final class CertificateIssuer {
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;

  public CertificateIssuer(Clock clock) {
    this.clock = clock;
  }

  public static CertificateIssuer systemClock() {
    return new CertificateIssuer(Clock.systemUTC());
  }

  public IssuedCertificate selfSigned(CertificateRequest request) {
    KeyPair keys = RsaKeys.generate(request.keyBits());
    X500Name subject = name(request);
    return new IssuedCertificate(build(request, keys, subject, keys, subject, null), keys.getPrivate(), List.of());
  }

  /** A certificate signed by {@code ca}; the chain carries {@code ca} unless it is a self-signed root. */
  public IssuedCertificate issue(IssuedCertificate ca, CertificateRequest request) {
    KeyPair keys = RsaKeys.generate(request.keyBits());
    X509Certificate caCert = ca.certificate();
    KeyPair caKeys = new KeyPair(caCert.getPublicKey(), ca.key());
    X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
    X509Certificate cert = build(request, keys, name(request), caKeys, issuer, caCert);
    List<X509Certificate> chain = new ArrayList<>();
    if (!caCert.getSubjectX500Principal().equals(caCert.getIssuerX500Principal())) {
      chain.add(caCert);
      chain.addAll(ca.chain());
    }
    return new IssuedCertificate(cert, keys.getPrivate(), chain);
  }

  /**
   * A certificate for {@code subjectKeys} (made by the caller, e.g. an ECDSA P-256 pair) signed by
   * {@code ca}; with an empty common name the subject is empty (a mesh workload's certificate: its
   * names are its URI SANs, as Kuma's). The chain carries {@code ca} unless it is a self-signed root.
   */
  public IssuedCertificate issue(IssuedCertificate ca, CertificateRequest request, KeyPair subjectKeys) {
    X509Certificate caCert = ca.certificate();
    KeyPair caKeys = new KeyPair(caCert.getPublicKey(), ca.key());
    X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    if (!request.commonName().isEmpty()) subject.addRDN(BCStyle.CN, request.commonName());
    X509Certificate cert = build(request, subjectKeys, subject.build(), caKeys, issuer, caCert);
    List<X509Certificate> chain = new ArrayList<>();
    if (!caCert.getSubjectX500Principal().equals(caCert.getIssuerX500Principal())) {
      chain.add(caCert);
      chain.addAll(ca.chain());
    }
    return new IssuedCertificate(cert, subjectKeys.getPrivate(), chain);
  }

  private X509Certificate build(CertificateRequest request, KeyPair subjectKeys, X500Name subject, KeyPair signerKeys,
      X500Name issuer, X509Certificate issuerCert) {
    Instant now = clock.instant();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
          Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(request.validity())), subject, subjectKeys.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      if (issuerCert != null) {
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert));
      }
      boolean ca = request.usage() == CertificateRequest.Usage.CA || request.usage() == CertificateRequest.Usage.CA_AND_SERVER;
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(request.usage())));
      KeyPurposeId[] purposes = purposes(request.usage());
      if (purposes.length > 0) builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      GeneralNames sans = sans(request);
      if (sans != null) builder.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0, sans);
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(signatureAlgorithm(signerKeys)).build(signerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("could not make a certificate: " + e.getMessage(), e);
    }
  }

  /** A CA whose key is ECDSA (a provided CA may be) signs with ECDSA; an RSA one with RSA. */
  private static String signatureAlgorithm(KeyPair signer) {
    return "EC".equals(signer.getPrivate().getAlgorithm()) || "ECDSA".equals(signer.getPrivate().getAlgorithm())
        ? "SHA256withECDSA" : "SHA256withRSA";
  }

  private static int keyUsage(CertificateRequest.Usage usage) {
    return switch (usage) {
      case CA -> KeyUsage.keyCertSign | KeyUsage.cRLSign;
      case CA_AND_SERVER -> KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
      case SERVER, CLIENT, SERVER_AND_CLIENT -> KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
      case WORKLOAD -> KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement;
    };
  }

  private static KeyPurposeId[] purposes(CertificateRequest.Usage usage) {
    return switch (usage) {
      case CA -> new KeyPurposeId[0];
      case CA_AND_SERVER, SERVER -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
      case CLIENT -> new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
      case SERVER_AND_CLIENT, WORKLOAD -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
    };
  }

  private static GeneralNames sans(CertificateRequest request) {
    List<GeneralName> names = new ArrayList<>();
    request.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, stripZone(ip))));
    for (URI uri : request.uris()) names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString()));
    return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static String stripZone(String ip) {
    int percent = ip.indexOf('%');
    return percent < 0 ? ip : ip.substring(0, percent);
  }

  /** Subject in Kuma's order (O, OU, CN); empty when the request names nothing. */
  private static X500Name name(CertificateRequest request) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    if (!request.organization().isEmpty()) builder.addRDN(BCStyle.O, request.organization());
    if (!request.organizationalUnit().isEmpty()) builder.addRDN(BCStyle.OU, request.organizationalUnit());
    if (!request.commonName().isEmpty()) builder.addRDN(BCStyle.CN, request.commonName());
    return builder.build();
  }
}
