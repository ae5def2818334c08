package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.testsupport.MeshCertificates;
import dev.atrium.core.testsupport.MeshCertificates.Workload;
import dev.atrium.core.testsupport.StaticBootstrap;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.testsupport.TranslateCases.Case;
import dev.atrium.core.testsupport.XdsYaml;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.Ports;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Envoy runs the translated inbound of {@code mtls-rbac-meshtrafficpermission} (mesh mTLS STRICT;
 * Deny intruder, Allow team=a, AllowWithShadowDeny the rest of the mesh) with test certificates in place
 * of the identity issuer's, and mesh clients call it with their own certificates: what they get is what
 * a user sees — 403 {@code RBAC: access denied}, 200, the shadow-denied counter, a refused handshake.
 */
class EnvoyMeshTlsTest {
  @TempDir Path tmp;

  private final MeshCertificates mesh = MeshCertificates.ca("default");
  private EchoServer app;
  private Process envoy;
  private EnvoyAdmin admin;
  private int port;

  @BeforeEach
  void start() throws Exception {
    app = EchoServer.start("web");
    port = Ports.free();
    int adminPort = Ports.free();
    Case c = TranslateCases.load("mtls-rbac-meshtrafficpermission");
    XdsResources xds = XdsTranslator.translate(ProxyTranslator.translate(c.snapshot(), c.dataplane(), c.others()));
    Bootstrap bootstrap = onThisMachine(StaticBootstrap.inlined("web-01", xds), adminPort);
    Path config = tmp.resolve("envoy.json");
    Files.writeString(config, XdsYaml.json(bootstrap), StandardCharsets.UTF_8);
    envoy = new ProcessBuilder(EnvoyBinary.path().toString(), "-c", config.toString(), "--disable-hot-restart",
        "--log-level", "warn")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("envoy.log").toFile()).start();
    admin = new EnvoyAdmin(adminPort);
    admin.awaitReady(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws Exception {
    if (envoy != null) {
      envoy.destroy();
      envoy.waitFor();
    }
    if (app != null) app.close();
  }

  @Test
  void aDeniedServiceGets403EvenWithAnAllowedTag() throws Exception {
    Answer answer = get(mesh.workload("spiffe://default/intruder", "kuma://team/a"));
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body()).isEqualTo("RBAC: access denied");
    assertThat(app.requestCount()).isZero();
  }

  @Test
  void anAllowedCallerReachesTheAppUncountedByTheShadowRules() throws Exception {
    assertThat(get(mesh.workload("spiffe://default/frontend", "kuma://team/a")).status()).isEqualTo(200);
    assertThat(admin.stat("http.inbound_10_0_1_1_10001.rbac.allowed")).isEqualTo(1);
    assertThat(admin.stat("http.inbound_10_0_1_1_10001.rbac.shadow_denied")).isZero();
  }

  @Test
  void aShadowDeniedCallerGetsThroughAndIsCounted() throws Exception {
    assertThat(get(mesh.workload("spiffe://default/other")).status()).isEqualTo(200);
    assertThat(admin.stat("http.inbound_10_0_1_1_10001.rbac.shadow_denied")).isEqualTo(1);
  }

  @Test
  void withoutAMeshCertificateTheHandshakeIsRefused() {
    assertThatThrownBy(() -> get(null)).isInstanceOf(IOException.class);
    Workload stranger = MeshCertificates.ca("default").workload("spiffe://default/frontend", "kuma://team/a");
    assertThatThrownBy(() -> get(stranger)).isInstanceOf(IOException.class);
    assertThat(app.requestCount()).isZero();
  }

  record Answer(int status, String body) {}

  /** One HTTP/1.1 request over TLS with {@code client}'s certificate (none when null). */
  private Answer get(Workload client) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    KeyManagerFactory keys = null;
    if (client != null) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", client.keys().getPrivate(), new char[0], new X509Certificate[] {client.certificate()});
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, new char[0]);
    }
    tls.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {new TrustAnyServer()}, null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response = readAll(socket.getInputStream());
      if (response.isEmpty()) throw new IOException("connection closed without an answer");
      int status = Integer.parseInt(response.substring(9, 12));
      return new Answer(status, response.substring(response.indexOf("\r\n\r\n") + 4));
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The server's identity is not what these tests are about (the upstream side checks it). */
  private static final class TrustAnyServer implements X509TrustManager {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** The inbound on 127.0.0.1:port, the app cluster on the echo server, this test's mesh certificates, an admin. */
  private Bootstrap onThisMachine(Bootstrap in, int adminPort) {
    Bootstrap.Builder out = in.toBuilder();
    var resources = out.getStaticResourcesBuilder();
    for (Listener.Builder l : resources.getListenersBuilderList()) {
      l.setAddress(local(port));
    }
    for (Cluster.Builder c : resources.getClustersBuilderList()) {
      c.getLoadAssignmentBuilder().getEndpointsBuilderList().forEach(e -> e.getLbEndpointsBuilderList()
          .forEach(lb -> lb.getEndpointBuilder().setAddress(local(app.port()))));
    }
    Workload web = mesh.workload("spiffe://default/web", "kuma://kuma.io/protocol/http");
    for (Secret.Builder s : resources.getSecretsBuilderList()) {
      if (s.hasTlsCertificate()) {
        s.setTlsCertificate(TlsCertificate.newBuilder()
            .setCertificateChain(DataSource.newBuilder().setInlineString(web.certificatePem()))
            .setPrivateKey(DataSource.newBuilder().setInlineString(web.keyPem())));
      } else {
        s.setValidationContext(CertificateValidationContext.newBuilder()
            .setTrustedCa(DataSource.newBuilder().setInlineString(mesh.caPem())));
      }
    }
    out.setAdmin(Admin.newBuilder().setAddress(local(adminPort)));
    return out.build();
  }

  private static Address local(int port) {
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(port)).build();
  }
}
