// Test-only: writes the self-signed PEM fixtures in this directory. Run once, from this directory:
//   java -cp bcprov-jdk18on.jar:bcpkix-jdk18on.jar:bcutil-jdk18on.jar MakeTestCerts.java
import java.io.FileWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

public class MakeTestCerts {
  public static void main(String[] args) throws Exception {
    write("foo.example.com-rsa.pem", "foo.example.com", rsa(), "SHA256withRSA", 1);
    write("foo.example.com-ecdsa.pem", "foo.example.com", ec(), "SHA256withECDSA", 2);
    write("bar.example.com-rsa.pem", "bar.example.com", rsa(), "SHA256withRSA", 3);
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static void write(String file, String host, KeyPair keys, String sigAlg, long serial) throws Exception {
    ZonedDateTime from = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    X500Name name = new X500Name("CN=" + host + ",O=Atrium test fixture");
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial),
        Date.from(from.toInstant()), Date.from(from.plusYears(100).toInstant()), name, keys.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
    var cert = b.build(new JcaContentSignerBuilder(sigAlg).build(keys.getPrivate()));
    try (JcaPEMWriter w = new JcaPEMWriter(new FileWriter(file))) {
      w.writeObject(cert);
      w.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
  }
}
