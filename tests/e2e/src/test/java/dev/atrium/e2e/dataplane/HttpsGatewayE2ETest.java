package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TLS termination on a real Envoy gateway: one HTTPS port, two hostnames, each served with its own
 * certificate (one from a mesh Secret, one inline), picked by SNI; HSTS on the answers. A second port
 * serves a certificate from a {@code file:} the gateway's Envoy reads itself.
 */
class HttpsGatewayE2ETest extends WithControlPlane {
  static final Path CERTS = RepoPaths.root().resolve("libs/core/src/test/resources/translate/certs");

  @Test
  void sniPicksTheCertificateOfEachHostname() throws Exception {
    EchoServer app = track(EchoServer.start("tls-app"));
    registerApp("tls-app", "tls-app", app.port());
    String fooPem = Files.readString(CERTS.resolve("foo.example.com-rsa.pem"));
    String barPem = Files.readString(CERTS.resolve("bar.example.com-rsa.pem"));
    put("secrets", "foo-cert", """
        type: Secret
        mesh: default
        name: foo-cert
        data: %s
        """.formatted(Base64.getEncoder().encodeToString(fooPem.getBytes(StandardCharsets.UTF_8))));
    int port = Ports.free();
    int filePort = Ports.free();
    put("meshgateways", "tls-edge", """
        type: MeshGateway
        mesh: default
        name: tls-edge
        selectors:
          - match: {kuma.io/service: tls-edge}
        conf:
          listeners:
            - port: %d
              protocol: HTTPS
              hostname: foo.example.com
              tls:
                mode: TERMINATE
                certificates: [{secret: foo-cert}]
            - port: %d
              protocol: HTTPS
              hostname: bar.example.com
              tls:
                mode: TERMINATE
                certificates: [{inlineString: %s}]
            - port: %d
              protocol: HTTPS
              hostname: foo.example.com
              tls:
                mode: TERMINATE
                certificates: [{file: %s}]
        """.formatted(port, port, com.fasterxml.jackson.databind.node.TextNode.valueOf(barPem).toString(),
            filePort, CERTS.resolve("foo.example.com-ecdsa.pem").toAbsolutePath()));
    put("meshgatewayroutes", "tls-route", """
        type: MeshGatewayRoute
        mesh: default
        name: tls-route
        selectors:
          - match: {kuma.io/service: tls-edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: tls-app}}]
        """);
    DataplaneAgent gateway = agent(builtinGateway("tls-edge-1", "tls-edge"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> gateway.admin().clusterHosts("tls-app").size() == 1)).isTrue();

    for (String host : List.of("foo.example.com", "bar.example.com")) {
      String[] out = curlTls(host, port);
      assertThat(out[0]).as(out[1]).contains("HTTP/2 200").contains("strict-transport-security");
      assertThat(out[0]).contains("tls-app");
      assertThat(out[1]).as("certificate served for " + host).contains("subject: CN=" + host);
    }
    String[] fromFile = curlTls("foo.example.com", filePort);
    assertThat(fromFile[0]).as(fromFile[1]).contains("HTTP/2 200").contains("tls-app");
    assertThat(fromFile[1]).as("the file's certificate").contains("subject: CN=foo.example.com");
  }

  /** curl over TLS with SNI {@code host} to 127.0.0.1; returns {stdout, stderr}. -k: the test CA is self-signed. */
  private static String[] curlTls(String host, int port) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-i", "-v", "-k", "--max-time", "10",
        "--resolve", host + ":" + port + ":127.0.0.1", "https://" + host + ":" + port + "/"));
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new String[] {out, err};
  }
}
