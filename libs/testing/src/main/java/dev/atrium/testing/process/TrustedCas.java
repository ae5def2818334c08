package dev.atrium.testing.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The CA files of the HTTPS servers this JVM's tests started (each {@link XdsServerProcess} registers
 * its own), and an {@link SSLContext} that trusts exactly those: test and benchmark clients of those
 * ports verify the chain and the host name as any HTTPS client does, without each call site having to
 * know which server it talks to. A file is read when a handshake first needs it (a server makes its
 * self-signed certificate when it starts), and again when it changes.
 */
public final class TrustedCas {
  private static final Set<Path> FILES = new ConcurrentSkipListSet<>();
  private static final SSLContext CONTEXT = context();
  private static volatile Snapshot current = new Snapshot("", null);

  private TrustedCas() {}

  /** Trust the CA certificate(s) in {@code pemFile} from now on (the file may not exist yet). */
  public static void register(Path pemFile) {
    FILES.add(pemFile.toAbsolutePath());
  }

  public static SSLContext sslContext() {
    return CONTEXT;
  }

  private record Snapshot(String key, X509ExtendedTrustManager trust) {}

  private static X509ExtendedTrustManager trust() throws CertificateException {
    TreeMap<Path, Long> versions = new TreeMap<>();
    for (Path f : FILES) {
      try {
        versions.put(f, Files.getLastModifiedTime(f).toMillis());
      } catch (IOException notYet) {
        // not made yet: nothing to trust from it
      }
    }
    String key = versions.toString();
    Snapshot s = current;
    if (s.key().equals(key) && s.trust() != null) return s.trust();
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Path f : versions.keySet()) {
        try (InputStream in = Files.newInputStream(f)) {
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            store.setCertificateEntry("ca-" + i++, c);
          }
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      X509ExtendedTrustManager tm = (X509ExtendedTrustManager) List.of(factory.getTrustManagers()).get(0);
      current = new Snapshot(key, tm);
      return tm;
    } catch (GeneralSecurityException | IOException e) {
      throw new CertificateException("cannot read the test CAs " + versions.keySet() + ": " + e.getMessage(), e);
    }
  }

  private static SSLContext context() {
    X509ExtendedTrustManager dynamic = new X509ExtendedTrustManager() {
      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        trust().checkServerTrusted(chain, authType, engine);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        trust().checkServerTrusted(chain, authType, socket);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkServerTrusted(chain, authType);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        trust().checkClientTrusted(chain, authType, engine);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        trust().checkClientTrusted(chain, authType, socket);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkClientTrusted(chain, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        try {
          return trust().getAcceptedIssuers();
        } catch (CertificateException e) {
          return new X509Certificate[0];
        }
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {dynamic}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
