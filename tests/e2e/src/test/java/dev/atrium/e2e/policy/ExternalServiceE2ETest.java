package dev.atrium.e2e.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.tls.InternalCertificates;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kuma's legacy ExternalService on real Envoys, with servers outside the mesh (no sidecar) on 127.0.0.1:
 * a builtin gateway route to a plain HTTP one, and a delegated gateway's outbound to a TLS one whose
 * certificate comes from a CA the mesh knows only through a Secret (the ExternalService's
 * {@code tls.caCert}). Kuma's rule holds: no TrafficPermission for the ExternalService, no way there
 * (the gateway answers 503); with one, the outside server answers — over TLS with the
 * ExternalService's serverName as SNI.
 */
class ExternalServiceE2ETest {
  private static final String SERVER_NAME = "api.external.test";
  private static final int N = 10;

  @TempDir static Path dir;
  static PolicyMesh mesh;
  /** What the TLS server saw of each connection's handshake: "SNI protocol". */
  static final ConcurrentLinkedQueue<String> HANDSHAKES = new ConcurrentLinkedQueue<>();
  static int gatewayPort;
  static int outboundPort;

  @BeforeAll
  static void start() throws Exception {
    mesh = PolicyMesh.withDefaultPolicies(dir);
    HttpServer plainServer = mesh.httpServer(Backends.answering(200, "plain outside"));

    InternalCertificates externalCa = InternalCertificates.create(dir.resolve("external-ca"), "external-ca");
    IssuedCertificate serverCert = externalCa.service(SERVER_NAME).read();
    HttpsServer tlsServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    tlsServer.setHttpsConfigurator(new HttpsConfigurator(sslContext(serverCert)));
    tlsServer.setExecutor(Executors.newCachedThreadPool());
    tlsServer.createContext("/", exchange -> {
      HANDSHAKES.add(handshake(((HttpsExchange) exchange).getSSLSession()));
      Backends.reply(exchange, 200, "tls outside");
    });
    tlsServer.start();
    mesh.stopOnClose(tlsServer);

    // A mesh with some TrafficPermission: Kuma's builtin gateway then checks permissions for ExternalServices
    // too (with none at all in the mesh it would not).
    permit("unrelated", "nobody", "nothing");
    mesh.put("/meshes/default/secrets/external-ca", """
        type: Secret
        mesh: default
        name: external-ca
        data: %s
        """.formatted(Base64.getEncoder().encodeToString(Files.readAllBytes(externalCa.caFile()))));
    mesh.put("/meshes/default/external-services/plain-external", """
        type: ExternalService
        mesh: default
        name: plain-external
        networking:
          address: 127.0.0.1:%d
        tags:
          kuma.io/service: plain-external
          kuma.io/protocol: http
        """.formatted(plainServer.getAddress().getPort()));
    mesh.put("/meshes/default/external-services/tls-external", """
        type: ExternalService
        mesh: default
        name: tls-external
        networking:
          address: 127.0.0.1:%d
          tls:
            enabled: true
            serverName: %s
            caCert:
              secret: external-ca
        tags:
          kuma.io/service: tls-external
          kuma.io/protocol: http
        """.formatted(tlsServer.getAddress().getPort(), SERVER_NAME));

    gatewayPort = mesh.builtinGateway("to-plain-external", """
        - matches: [{path: {match: PREFIX, value: /}}]
          backends: [{destination: {kuma.io/service: plain-external}}]
        """).port();
    outboundPort = Ports.free();
    mesh.delegatedGateway("kong", Map.of("tls-external", outboundPort));
  }

  @AfterAll
  static void stop() {
    if (mesh != null) mesh.close();
  }

  @Test
  void builtinGatewayRouteReachesThePlainServerOutsideTheMeshOnceATrafficPermissionAllowsIt() {
    String url = "http://127.0.0.1:" + gatewayPort + "/";
    awaitStatus(url, 503, "without a TrafficPermission the ExternalService has no endpoint (Kuma's rule)");
    permit("edge-to-plain-external", "edge", "plain-external");
    awaitStatus(url, 200, "the TrafficPermission reaches the gateway");
    List<Timed> replies = times(url);
    print("builtin gateway -> plain ExternalService", replies);
    assertThat(replies).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("plain outside");
    });
  }

  @Test
  void delegatedGatewayOutboundOriginatesTlsWithTheServerNameAsSni() {
    String url = "http://127.0.0.1:" + outboundPort + "/";
    // Not yet permitted, the outbound is a TCP one to a service without endpoints (its protocol is unknown):
    // connections are closed, there is no status to wait for.
    permit("kong-to-tls-external", "kong", "tls-external");
    awaitStatus(url, 200, "the TrafficPermission reaches the delegated gateway");
    HANDSHAKES.clear();
    List<Timed> replies = times(url);
    print("delegated gateway outbound -> TLS ExternalService", replies);
    System.out.printf("TLS server saw %d requests; handshakes (SNI protocol): %s%n", HANDSHAKES.size(),
        HANDSHAKES.stream().distinct().toList());
    assertThat(replies).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("tls outside");
    });
    assertThat(HANDSHAKES).hasSize(N).allSatisfy(h -> assertThat(h).startsWith(SERVER_NAME + " TLSv1."));
  }

  private static void permit(String name, String source, String destination) {
    mesh.put("/meshes/default/traffic-permissions/" + name, """
        type: TrafficPermission
        mesh: default
        name: %s
        sources:
          - match: {kuma.io/service: %s}
        destinations:
          - match: {kuma.io/service: %s}
        """.formatted(name, source, destination));
  }

  private static List<Timed> times(String url) {
    List<Timed> replies = new ArrayList<>();
    for (int i = 0; i < N; i++) replies.add(Timed.get(url));
    return replies;
  }

  private static void print(String what, List<Timed> replies) {
    long ok = replies.stream().filter(r -> r.status() == 200).count();
    List<Long> ms = replies.stream().map(r -> r.elapsed().toMillis()).sorted().toList();
    System.out.printf("%s: %d/%d answered 200, latency p50 %d ms, max %d ms%n", what, ok, replies.size(),
        ms.get(ms.size() / 2), ms.get(ms.size() - 1));
  }


  /** Retries for up to 30 s until {@code url} answers {@code status}. */
  private static void awaitStatus(String url, int status, String what) {
    Await.until(() -> Timed.get(url), r -> r.status() == status,
        last -> what + ": " + url + " never answered " + status + ", last " + last.status() + " " + last.body());
  }

  private static String handshake(SSLSession session) {
    String sni = session instanceof ExtendedSSLSession e
        ? e.getRequestedServerNames().stream().filter(n -> n instanceof SNIHostName)
            .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse("(none)")
        : "(unknown)";
    return sni + " " + session.getProtocol();
  }

  private static SSLContext sslContext(IssuedCertificate issued) throws Exception {
    char[] password = "unused".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    List<Certificate> chain = new ArrayList<>(List.of(issued.certificate()));
    chain.addAll(issued.chain());
    keys.setKeyEntry("server", issued.key(), password, chain.toArray(Certificate[]::new));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }
}
