package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.e2e.agent.AgentProcess;
import dev.atrium.security.tls.CertificateFiles;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.TrustedCas;
import dev.atrium.testing.process.XdsServerProcess;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the xds-server's port, as an operator meets it: atrium-dp with the CA the server logged is
 * served (Envoy's ADS is TLS too) and keeps being served after a restart, because the self-signed
 * certificate is made once and kept; a wrong CA, a file that is not a CA, an address the certificate
 * does not name and a plain-HTTP address each stop the agent with a message that says which.
 */
class XdsTlsE2ETest {
  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static final List<AutoCloseable> started = new ArrayList<>();
  static final CertificateIssuer ISSUER = CertificateIssuer.systemClock();

  @BeforeAll
  static void controlPlane() {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void theLoggedCaIsServedOverTlsAndStillTrustedAfterARestart() throws Exception {
    assertThat(xds.logTail()).contains("agents trust it with --ca-cert-file=" + xds.caFile());
    X509Certificate before = served(xds);
    assertThat(before).isEqualTo(CertificateFiles.in(xds.caFile().getParent(), "xds-server").read().certificate());
    assertThat(before.getBasicConstraints()).as("its own CA, as Kuma's").isGreaterThanOrEqualTo(0);

    EchoServer app = track(EchoServer.start("web"));
    int inbound = Ports.free();
    int admin = Ports.free();
    Path file = Files.writeString(dir.resolve("web-1.yaml"), """
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              servicePort: %d
              tags:
                kuma.io/service: web
        """.formatted(inbound, app.port()));
    track(new DataplaneAgent(xds, file, admin, dir.resolve("agents")).start(Duration.ofSeconds(60)));
    assertThat(eventually(() -> status("http://127.0.0.1:" + inbound + "/hello") == 200)).as("served").isTrue();
    assertThat(stat(admin, "cluster.ads_cluster.ssl.handshake")).as("Envoy's ADS is TLS").isGreaterThanOrEqualTo(1);

    byte[] caBefore = Files.readAllBytes(xds.caFile());
    xds.killAndRestart();

    assertThat(Files.readAllBytes(xds.caFile())).as("made once and kept").isEqualTo(caBefore);
    assertThat(served(xds)).isEqualTo(before);
    // The Envoy that trusted it before (CA inline in its bootstrap) reconnects to the restarted server.
    assertThat(eventually(() -> stat(admin, "cluster.ads_cluster.ssl.handshake") >= 2
        && Http.get(xds.url() + "/proxies").body().contains("\"connected\":true")))
        .as(Http.get(xds.url() + "/proxies").body()).isTrue();
    assertThat(status("http://127.0.0.1:" + inbound + "/after-restart")).isEqualTo(200);
  }

  @Test
  void aWrongCaFileStopsTheAgentNamingTheFileAndTheServersCertificate() throws Exception {
    Path otherCa = Files.writeString(dir.resolve("other-ca.crt"),
        ISSUER.selfSigned(CertificateRequest.ca("some other CA", Duration.ofDays(1))).certificatePem());

    AgentProcess.Result r = agent("--cp-address", xds.url(), "--ca-cert-file", otherCa.toString());

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stderr()).contains("Error: the control plane's certificate (subject \"CN=atrium-xds-server\", "
        + "issuer \"CN=atrium-xds-server\") at " + xds.url() + " is not signed by the CA in " + otherCa
        + " (subject \"CN=some other CA\")").doesNotContain("Exception");
  }

  @Test
  void aCertificateThatIsNoCaIsRefusedInKumasWords() throws Exception {
    IssuedCertificate leaf = ISSUER.selfSigned(CertificateRequest.of("a leaf", List.of("localhost"), List.of(),
        Duration.ofDays(1), CertificateRequest.Usage.SERVER));
    Path file = Files.writeString(dir.resolve("leaf.crt"), leaf.certificatePem());

    AgentProcess.Result r = agent("--cp-address", xds.url(), "--ca-cert-file", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("A data plane proxy is trying to verify the control plane using the certificate "
        + "which is not a certificate authority (basic constraint 'CA' is set to 'false').");
    // kuma-dp sends the file as caCert without checking it: the server answers with the same words (400), once
    // the request carries a dataplane token (Kuma checks that one is given first).
    Http.Reply reply = Http.post(xds.url() + "/bootstrap", "{\"mesh\":\"default\",\"name\":\"web-1\",\"dataplaneToken\":"
        + dev.atrium.core.codec.Mappers.JSON.writeValueAsString(xds.dataplaneToken("default", "web-1")) + ",\"caCert\":"
        + dev.atrium.core.codec.Mappers.JSON.writeValueAsString(leaf.certificatePem()) + "}",
        "content-type", "application/json");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).startsWith("A data plane proxy is trying to verify the control plane using the certificate");
  }

  @Test
  void anAddressTheCertificateDoesNotNameIsRefusedListingItsSans() throws Exception {
    // A configured certificate for localhost only, issued by a CA of the operator's.
    IssuedCertificate ca = ISSUER.selfSigned(CertificateRequest.ca("operator CA", Duration.ofDays(1)));
    IssuedCertificate serving = ISSUER.issue(ca, CertificateRequest.of("xds.localhost", List.of("localhost"),
        List.of(), Duration.ofDays(1), CertificateRequest.Usage.SERVER));
    CertificateFiles files = CertificateFiles.in(dir.resolve("operator"), "xds");
    files.write(serving);
    Path caFile = Files.writeString(dir.resolve("operator/ca.crt"), ca.certificatePem());
    XdsServerProcess localhostOnly = track(new XdsServerProcess(store, dir.resolve("xds-localhost"))
        .servingCertificate(files.certificate(), files.key(), caFile).reachedAs("localhost").start());
    assertThat(localhostOnly.logTail()).contains("the configured certificate " + files.certificate())
        .contains("agents need the CA that issued it (CN=operator CA)").doesNotContain("PRIVATE KEY");

    AgentProcess.Result r = agent("--cp-address", "https://127.0.0.1:" + localhostOnly.port(), "--ca-cert-file",
        caFile.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("A data plane proxy is trying to connect to the control plane using \"127.0.0.1\" "
        + "address, but the certificate in the control plane has the following SANs [\"localhost\"].");
    // By the name it carries, the same CA verifies it (the server was awaited at https://localhost:PORT).
    assertThat(localhostOnly.url()).startsWith("https://localhost:");
    assertThat(Http.get(localhostOnly.url() + "/q/health/ready").status()).isEqualTo(200);
  }

  /**
   * On Kubernetes the injected sidecar gets the CA as PEM text in {@code KUMA_CONTROL_PLANE_CA_CERT}, not as
   * a file: with the server's CA there the agent gets past TLS to the server's own checks (here the missing
   * dataplane token, Kuma's 422); with another CA it stops naming the variable; a {@code --ca-cert-file} wins.
   */
  @Test
  void theCaAsPemInTheEnvironmentVerifiesTheServerAndAFileWinsOverIt() throws Exception {
    String serverCa = Files.readString(xds.caFile());
    String otherCa = ISSUER.selfSigned(CertificateRequest.ca("some other CA", Duration.ofDays(1))).certificatePem();

    AgentProcess.Result trusted = agentWithEnv(java.util.Map.of("KUMA_CONTROL_PLANE_CA_CERT", serverCa), "--cp-address", xds.url());
    assertThat(trusted.exitCode()).isEqualTo(1);
    assertThat(trusted.stderr()).as("past TLS, refused for the token").contains("(HTTP 422)", "Dataplane Token is required")
        .doesNotContain("not signed by");

    AgentProcess.Result wrong = agentWithEnv(java.util.Map.of("KUMA_CONTROL_PLANE_CA_CERT", otherCa), "--cp-address", xds.url());
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.stderr()).contains("at " + xds.url() + " is not signed by the CA in KUMA_CONTROL_PLANE_CA_CERT "
        + "(subject \"CN=some other CA\")");

    AgentProcess.Result fileWins = agentWithEnv(java.util.Map.of("KUMA_CONTROL_PLANE_CA_CERT", otherCa), "--cp-address", xds.url(),
        "--ca-cert-file", xds.caFile().toString());
    assertThat(fileWins.stderr()).contains("(HTTP 422)").doesNotContain("not signed by");
  }

  @Test
  void plainHttpIsNeitherServedNorAccepted() throws Exception {
    String plain = xds.url().replace("https://", "http://");
    assertThatThrownBy(() -> Http.get(plain + "/q/health/ready")).isInstanceOf(UncheckedIOException.class);

    AgentProcess.Result r = agent("--cp-address", plain);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("the control plane serves HTTPS only; use " + xds.url());
  }

  /** Runs atrium-dp to its end with a Dataplane of its own and the given arguments. */
  private static AgentProcess.Result agent(String... args) throws Exception {
    return agentWithEnv(java.util.Map.of(), args);
  }

  private static AgentProcess.Result agentWithEnv(java.util.Map<String, String> env, String... args) throws Exception {
    Path file = dir.resolve("refused.yaml");
    Files.writeString(file, """
        type: Dataplane
        mesh: default
        name: refused-1
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: edge
        """);
    List<String> all = new ArrayList<>(List.of("run", "--dataplane-file", file.toString(), "--bootstrap-timeout", "5s",
        "--envoy-binary", EnvoyBinary.path().toString()));
    all.addAll(List.of(args));
    return AgentProcess.run(Duration.ofSeconds(60), env, all.toArray(String[]::new));
  }

  /** The certificate the server presents, read from a handshake that trusts its CA file. */
  private static X509Certificate served(XdsServerProcess server) throws Exception {
    try (SSLSocket socket = (SSLSocket) TrustedCas.sslContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static long stat(int adminPort, String name) {
    for (String line : Http.get("http://127.0.0.1:" + adminPort + "/stats?filter=" + name).body().split("\n")) {
      if (line.startsWith(name + ":")) return Long.parseLong(line.substring(name.length() + 1).trim());
    }
    return 0;
  }

  private static int status(String url) {
    try {
      return Http.get(url).status();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      Thread.sleep(200);
    }
    return condition.getAsBoolean();
  }

  private static <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }
}
