package dev.atrium.e2e.mtls;

import static dev.atrium.testing.yaml.MeshYaml.CA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.Curl;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.tls.MeshCertificates;
import dev.atrium.testing.yaml.MeshYaml;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A sidecar inbound under mesh mTLS, checked with {@code openssl s_client} as a user would: in STRICT
 * mode a caller without a mesh certificate (or with plaintext, or with a certificate of another CA) is
 * refused at the handshake, and a certificate the admin signs with the mesh CA read from its Secrets is
 * served — the sidecar presenting {@code spiffe://default/backend}. In PERMISSIVE mode plaintext and
 * mesh TLS are both served. One sidecar in front of one echo app; the mode is switched in place.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboundMutualTlsE2ETest extends WithMeshControlPlane {
  private static final String SNI = "backend{mesh=default}";
  private static EchoServer app;
  private static DataplaneAgent backend;
  private static int inbound;
  private static MeshCertificates.Files3 client;
  private static MeshCertificates.Files3 intruder;

  @BeforeAll
  static void strictMeshWithOneSidecar() {
    put("/meshes/default", MeshYaml.builtinMtlsMesh("default", "STRICT", null));
    put("/meshes/default/meshtrafficpermissions/allow-test-client",
        MeshYaml.permission("default", "allow-test-client", "backend", "test-client", "Allow"));
    app = track(EchoServer.start("backend-app"));
    inbound = Ports.free();
    backend = agent(MeshYaml.sidecar("default", "backend-1", inbound, app.port(), "backend", "http"));
    awaitTrue(Duration.ofSeconds(30), () -> identityUris(backend.admin()).contains("spiffe://default/backend"),
        () -> "the sidecar's identity never arrived over SDS; /certs: " + backend.admin().certs());
    MeshCertificates ca = meshCa("default", CA);
    client = ca.write(dir.resolve("certs"), "default", "test-client");
    intruder = ca.write(dir.resolve("certs"), "default", "intruder");
  }

  @Test
  @Order(1)
  void strictRefusesCallersWithoutAMeshCertificate() {
    OpenSslClient.Result noCert = OpenSslClient.get(inbound, SNI, client.ca(), null, "/no-cert");
    System.out.println("STRICT, s_client without a client certificate: exit " + noCert.exitCode() + ", "
        + noCert.alert().orElse("(no alert line)"));
    assertThat(noCert.httpStatus()).as(noCert.output()).isEmpty();
    assertThat(noCert.alert()).as(noCert.output()).hasValueSatisfying(
        a -> assertThat(a).containsAnyOf("certificate required", "handshake failure"));

    MeshCertificates.Files3 stranger = MeshCertificates.stranger("not-the-mesh-ca")
        .write(dir.resolve("stranger"), "default", "test-client");
    OpenSslClient.Result foreign = OpenSslClient.get(inbound, SNI, client.ca(), stranger, "/foreign-cert");
    System.out.println("STRICT, s_client with a certificate of another CA: exit " + foreign.exitCode() + ", "
        + foreign.alert().orElse("(no alert line)"));
    assertThat(foreign.httpStatus()).as(foreign.output()).isEmpty();
    assertThat(foreign.alert()).as(foreign.output()).isPresent();

    Curl.Attempt plain = Curl.attempt("http://127.0.0.1:" + inbound + "/plain");
    System.out.println("STRICT, plaintext curl: exit " + plain.exitCode() + ": " + plain.output().trim());
    assertThat(plain.status()).as("no HTTP answer to plaintext: %s", plain).isZero();
    assertThat(plain.exitCode()).isNotZero();

    assertThat(app.requests()).as("nothing reached the app").isEmpty();
  }

  @Test
  @Order(2)
  void strictServesAMeshCertificateAndPresentsTheServicesSpiffeId() {
    OpenSslClient.Result served = OpenSslClient.get(inbound, SNI, client.ca(), client, "/with-mesh-cert");
    System.out.println("STRICT, s_client with a mesh certificate: HTTP " + served.httpStatus().orElse(0)
        + ", server certificate URIs " + served.serverUris() + ", verified against the mesh CA: " + served.verified());
    assertThat(served.httpStatus()).as(served.output()).hasValue(200);
    assertThat(served.output()).contains("\"server\":\"backend-app\"").contains("/with-mesh-cert");
    assertThat(served.verified()).as("the sidecar's chain verifies against the mesh CA Secret").isTrue();
    assertThat(served.serverUris()).contains("spiffe://default/backend", "kuma://kuma.io/service/backend");

    // The same CA, a service no permission names: the handshake passes, RBAC answers.
    OpenSslClient.Result denied = OpenSslClient.get(inbound, SNI, intruder.ca(), intruder, "/intruder");
    System.out.println("STRICT, mesh certificate of a service without permission: HTTP " + denied.httpStatus().orElse(0));
    assertThat(denied.httpStatus()).as(denied.output()).hasValue(403);
    assertThat(denied.output()).contains("RBAC: access denied");
    assertThat(app.requests()).extracting(EchoServer.ReceivedRequest::path).containsExactly("/with-mesh-cert");
  }

  @Test
  @Order(3)
  void permissiveServesPlaintextAndMeshTls() {
    put("/meshes/default", MeshYaml.builtinMtlsMesh("default", "PERMISSIVE", null));
    String plainUrl = "http://127.0.0.1:" + inbound + "/plain";
    awaitTrue(Duration.ofSeconds(30), () -> Requests.get(plainUrl).status() == 200,
        () -> "plaintext never served after the switch to PERMISSIVE: " + Requests.get(plainUrl));

    Requests.Reply plain = Requests.get(plainUrl);
    OpenSslClient.Result mesh = OpenSslClient.get(inbound, SNI, client.ca(), client, "/mesh-tls");
    System.out.println("PERMISSIVE: plaintext HTTP " + plain.status() + ", mesh TLS HTTP " + mesh.httpStatus().orElse(0)
        + " from " + mesh.serverUris());
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.body()).contains("\"server\":\"backend-app\"");
    assertThat(mesh.httpStatus()).as(mesh.output()).hasValue(200);
    assertThat(mesh.output()).contains("/mesh-tls");
    assertThat(mesh.serverUris()).contains("spiffe://default/backend");

    // Permissions still hold on the mesh-TLS chain (and only there, Kuma #8152).
    OpenSslClient.Result denied = OpenSslClient.get(inbound, SNI, intruder.ca(), intruder, "/intruder");
    assertThat(denied.httpStatus()).as(denied.output()).hasValue(403);
  }
}
