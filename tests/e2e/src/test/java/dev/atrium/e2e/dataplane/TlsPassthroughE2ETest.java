package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TLS passthrough on a real Envoy gateway: the gateway routes by SNI without terminating, so the
 * client sees the TLS backend's own certificate (a real {@code openssl s_server}).
 */
class TlsPassthroughE2ETest extends WithControlPlane {

  @Test
  void clientReachesTheTlsBackendThroughTheGatewayWithTheBackendsCertificate() throws Exception {
    int backendPort = Ports.free();
    Path pem = HttpsGatewayE2ETest.CERTS.resolve("foo.example.com-rsa.pem");
    Process backend = new ProcessBuilder("openssl", "s_server", "-quiet", "-accept", String.valueOf(backendPort),
        "-cert", pem.toString(), "-key", pem.toString(), "-www").redirectErrorStream(true)
        .redirectOutput(dir.resolve("s_server.log").toFile()).start();
    track(backend::destroyForcibly);
    registerApp("tls-backend-1", "tls-backend", backendPort);
    int port = Ports.free();
    put("meshgateways", "tls-edge", """
        type: MeshGateway
        mesh: default
        name: tls-edge
        selectors:
          - match: {kuma.io/service: tls-edge}
        conf:
          listeners:
            - port: %d
              protocol: TLS
              hostname: foo.example.com
              tls:
                mode: PASSTHROUGH
        """.formatted(port));
    put("meshgatewayroutes", "tls-pass", """
        type: MeshGatewayRoute
        mesh: default
        name: tls-pass
        selectors:
          - match: {kuma.io/service: tls-edge}
        conf:
          tcp:
            rules:
              - backends: [{destination: {kuma.io/service: tls-backend}}]
        """);
    DataplaneAgent gateway = agent(builtinGateway("tls-edge-1", "tls-edge"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> gateway.admin().clusterHosts("tls-backend").size() == 1))
        .isTrue();

    List<String> cmd = List.of("curl", "-sS", "-v", "-k", "--max-time", "10",
        "--resolve", "foo.example.com:" + port + ":127.0.0.1", "https://foo.example.com:" + port + "/");
    Process curl = new ProcessBuilder(cmd).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(err).as("the backend's certificate, untouched by the gateway").contains("subject: CN=foo.example.com");
    assertThat(out).as("s_server -www answers with its status page").contains("s_server");
  }
}
