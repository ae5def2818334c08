package dev.atrium.dp.bootstrap;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The agent's HTTPS to the control plane: verifies the server's certificate against {@link ControlPlaneCa}
 * and its host name against the address the agent used, like any HTTPS client, and when either check
 * fails keeps a message that says which ({@link #refusal()}), in place of the JDK's terse handshake error.
 */
public final class ControlPlaneTls {
  private final ControlPlaneCa ca;
  private final ControlPlaneAddress cp;
  private final SSLContext context;
  private final AtomicReference<String> refusal = new AtomicReference<>();

  public ControlPlaneTls(ControlPlaneAddress cp, ControlPlaneCa ca) {
    this.cp = cp;
    this.ca = ca;
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(ca.isSystem() ? null : keyStore(ca.certificates()));
      X509ExtendedTrustManager delegate = null;
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) delegate = x;
      }
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new Explaining(delegate)}, null);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  public ControlPlaneCa ca() {
    return ca;
  }

  /** An HTTP/1.1 client that trusts what this agent trusts. */
  public HttpClient.Builder httpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context);
  }

  /** Why the last handshake refused the control plane's certificate, if it did. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal.get());
  }

  private String notSignedBy(X509Certificate[] chain) {
    X509Certificate server = chain[0];
    String presented = "subject \"" + server.getSubjectX500Principal().getName() + "\", issuer \""
        + server.getIssuerX500Principal().getName() + "\"";
    if (ca.isSystem()) {
      return "Error: the control plane's certificate (" + presented + ") at " + cp + " is not signed by a CA this "
          + "system trusts. Give the CA that signed it with --ca-cert-file=FILE (or KUMA_CONTROL_PLANE_CA_CERT_FILE); "
          + "the xds-server logs the file to trust at start.";
    }
    List<String> cas = ca.certificates().stream().map(c -> "\"" + c.getSubjectX500Principal().getName() + "\"").toList();
    return "Error: the control plane's certificate (" + presented + ") at " + cp + " is not signed by the CA in "
        + ca.source() + " (subject " + String.join(", ", cas) + "). Give --ca-cert-file the CA that signed the control "
        + "plane's certificate; the xds-server logs the file to trust at start.";
  }

  private String sanMismatch(X509Certificate server) {
    String host = cp.host();
    List<String> sans = sans(server);
    return ("Error: A data plane proxy is trying to connect to the control plane using \"%s\" address, but the "
        + "certificate in the control plane has the following SANs %s. Either change the --cp-address in atrium-dp to "
        + "one of those or give the control plane a certificate for \"%s\" (ATRIUM_XDS_TLS_SANS for its self-signed "
        + "one, or ATRIUM_XDS_TLS_CERT_FILE and ATRIUM_XDS_TLS_KEY_FILE) and restart it.")
        .formatted(host, quoted(sans), host);
  }

  static List<String> sans(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          int type = (Integer) name.get(0);
          if (type == 2 || type == 7) out.add(String.valueOf(name.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      // unreadable SANs: none to list
    }
    return out;
  }

  private static String quoted(List<String> sans) {
    return "[" + String.join(" ", sans.stream().map(s -> "\"" + s + "\"").toList()) + "]";
  }

  private static KeyStore keyStore(List<X509Certificate> cas) throws GeneralSecurityException, java.io.IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < cas.size(); i++) store.setCertificateEntry("ca-" + i, cas.get(i));
    return store;
  }

  /** Checks the chain first, then the host name, so each failure gets its own message. */
  private final class Explaining extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    Explaining(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      checkChain(chain, authType);
      try {
        delegate.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw refuse(sanMismatch(chain[0]), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      checkChain(chain, authType);
      try {
        delegate.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        throw refuse(sanMismatch(chain[0]), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      checkChain(chain, authType);
    }

    private void checkChain(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw refuse(notSignedBy(chain), e);
      }
    }

    private CertificateException refuse(String message, CertificateException cause) {
      refusal.set(message);
      return new CertificateException(message, cause);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
