package dev.atrium.xds.identity;

import static dev.atrium.xds.identity.TestMeshes.builtinMesh;
import static dev.atrium.xds.identity.TestMeshes.caSecrets;
import static dev.atrium.xds.identity.TestMeshes.dataplane;
import static dev.atrium.xds.identity.TestMeshes.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.xds.ads.ProxyId;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Envoy 1.40 serves mesh TLS with what the issuer hands a proxy — an ECDSA P-256 certificate
 * signed by the mesh's RSA CA, its PKCS#8 key, the CA as trust anchor (ADR 0014) — and a client holding
 * another proxy's certificate from the same issuer is served, one without a certificate is refused.
 */
class IdentityEnvoyTest {
  @TempDir Path tmp;
  private Process envoy;

  private final IssuedCertificate ca = TestMeshes.newCa("default");
  private final IdentityIssuer issuer = new IdentityIssuer(Clock.systemUTC(), ProxyKeyAlgorithm.ECDSA_P256);
  private final MeshTlsIr tls = new MeshTlsIr("default", "ca-1", MeshTlsIr.Mode.STRICT, false);

  @AfterEach
  void stop() throws InterruptedException {
    if (envoy != null) {
      envoy.destroy();
      if (!envoy.waitFor(5, TimeUnit.SECONDS)) envoy.destroyForcibly();
    }
  }

  @Test
  void envoyServesTheIssuedP256IdentityAndRequiresAMeshClientCertificate() throws Exception {
    Resource web = dataplane("default", "web-1", "web", "v1");
    Resource client = dataplane("default", "client-1", "client", "v1");
    MeshSnapshot mesh = snapshot(builtinMesh("default", null), caSecrets("default", ca), web, client);
    Map<String, String> server = pems(issuer.secretsFor(new ProxyId("default", "web-1"), mesh, web, tls, List.of()));
    Map<String, String> caller = pems(issuer.secretsFor(new ProxyId("default", "client-1"), mesh, client, tls, List.of()));
    int port = startEnvoy(server);

    X509Certificate[] served = new X509Certificate[1];
    String response = call(port, caller, served);

    assertThat(response).startsWith("HTTP/1.1 200").endsWith("mesh ok");
    assertThat(served[0].getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).contains("spiffe://default/web");
    assertThatThrownBy(() -> call(port, null, new X509Certificate[1])).as("no client certificate: refused")
        .isInstanceOf(java.io.IOException.class);
  }

  /** identity chain, identity key, CA: the three PEMs of the proxy's SDS secrets. */
  private static Map<String, String> pems(IdentitySecrets secrets) {
    Secret identity = secrets.secrets().stream().filter(s -> s.getName().equals("identity_cert:secret:default")).findFirst().orElseThrow();
    Secret ca = secrets.secrets().stream().filter(s -> s.getName().equals("mesh_ca:secret:default")).findFirst().orElseThrow();
    return Map.of("chain", identity.getTlsCertificate().getCertificateChain().getInlineBytes().toStringUtf8(),
        "key", identity.getTlsCertificate().getPrivateKey().getInlineBytes().toStringUtf8(),
        "ca", ca.getValidationContext().getTrustedCa().getInlineBytes().toStringUtf8());
  }

  private int startEnvoy(Map<String, String> identity) throws Exception {
    for (String f : List.of("chain", "key", "ca")) Files.writeString(tmp.resolve(f + ".pem"), identity.get(f));
    int port = freePort();
    int admin = freePort();
    String config = """
        admin: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}
        static_resources:
          secrets:
          - name: "identity_cert:secret:default"
            tls_certificate: {certificate_chain: {filename: "%s"}, private_key: {filename: "%s"}}
          - name: "mesh_ca:secret:default"
            validation_context: {trusted_ca: {filename: "%s"}}
          listeners:
          - name: inbound
            address: {socket_address: {address: 127.0.0.1, port_value: %d}}
            filter_chains:
            - transport_socket:
                name: envoy.transport_sockets.tls
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
                  require_client_certificate: true
                  common_tls_context:
                    tls_certificate_sds_secret_configs: [{name: "identity_cert:secret:default"}]
                    validation_context_sds_secret_config: {name: "mesh_ca:secret:default"}
              filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                  stat_prefix: inbound
                  route_config:
                    virtual_hosts:
                    - name: all
                      domains: ["*"]
                      routes: [{match: {prefix: "/"}, direct_response: {status: 200, body: {inline_string: "mesh ok"}}}]
                  http_filters:
                  - name: envoy.filters.http.router
                    typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
        """.formatted(admin, tmp.resolve("chain.pem"), tmp.resolve("key.pem"), tmp.resolve("ca.pem"), port);
    Path file = tmp.resolve("envoy.yaml");
    Files.writeString(file, config);
    envoy = new ProcessBuilder(EnvoyBinary.path().toString(), "-c", file.toString(), "--base-id", String.valueOf(admin),
        "-l", "warning").redirectErrorStream(true).redirectOutput(tmp.resolve("envoy.log").toFile()).start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!envoy.isAlive()) throw new AssertionError("envoy exited: " + Files.readString(tmp.resolve("envoy.log")));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return port;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("envoy did not listen: " + Files.readString(tmp.resolve("envoy.log")));
  }

  /** One HTTPS request over mesh TLS, presenting {@code identity} (none when null) and trusting the mesh CA. */
  private String call(int port, Map<String, String> identity, X509Certificate[] served) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("mesh-ca", ca.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity != null) {
      keys.setKeyEntry("me", Pem.privateKey(identity.get("key")), new char[0],
          Pem.certificates(identity.get("chain")).toArray(Certificate[]::new));
    }
    kmf.init(keys, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      served[0] = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (response.isEmpty()) throw new java.io.IOException("connection closed without a response");
      return response;
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
