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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cross-mesh gateway listener of mesh {@code default} ({@code crossMesh: true}, hostname
 * {@code gateway.mesh}) in front of a backend there: a client in mesh {@code other} reaches it through
 * an explicit outbound ({@code kuma.io/service: cross-gw}, {@code kuma.io/mesh: default}) without
 * transparent proxying, over mesh TLS with its own mesh's identity; a client outside any mesh — plain
 * HTTP, or TLS without a mesh certificate — is refused.
 */
class CrossMeshGatewayE2ETest extends WithMeshControlPlane {
  private static final String HOST = "gateway.mesh";
  private static EchoServer app;
  private static int listenerPort;
  private static int otherMeshOutbound;

  @BeforeAll
  static void crossMeshGatewayInDefaultAndAClientInOther() {
    put("/meshes/default", MeshYaml.builtinMtlsMesh("default", "STRICT", null));
    put("/meshes/other", MeshYaml.builtinMtlsMesh("other", "STRICT", null));
    app = track(EchoServer.start("default-backend-app"));
    agent(MeshYaml.sidecar("default", "backend-1", Ports.free(), app.port(), "backend", "http"));
    put("/meshes/default/meshtrafficpermissions/allow-cross-gw",
        MeshYaml.permission("default", "allow-cross-gw", "backend", "cross-gw", "Allow"));
    listenerPort = Ports.free();
    put("/meshes/default/meshgateways/cross-gw", MeshYaml.httpGateway("default", "cross-gw", listenerPort, true, HOST));
    put("/meshes/default/meshgatewayroutes/cross-to-backend", MeshYaml.routeAll("default", "cross-to-backend", "cross-gw", "backend"));
    agent(MeshYaml.builtinGateway("default", "cross-gw-1", "cross-gw"));
    otherMeshOutbound = Ports.free();
    agent(MeshYaml.sidecar("other", "other-client-1", Ports.free(), Ports.free(), "other-client", "http")
        + MeshYaml.outbound(otherMeshOutbound, "kuma.io/service", "cross-gw", "kuma.io/mesh", "default"));
  }

  @Test
  void aClientInAnotherMeshReachesTheCrossMeshListener() {
    awaitTrue(Duration.ofSeconds(30), () -> viaOutbound(HOST).startsWith("200 "),
        () -> "the client in mesh other never got through: " + viaOutbound(HOST));
    Map<String, Integer> replies = new TreeMap<>();
    for (int i = 0; i < 20; i++) replies.merge(viaOutbound(HOST), 1, Integer::sum);
    System.out.println("mesh other -> default's cross-mesh listener (explicit outbound): " + replies);
    assertThat(replies).hasSize(1);
    assertThat(replies.keySet().iterator().next()).startsWith("200 ").contains("\"server\":\"default-backend-app\"");
    String internal = viaOutbound("internal.cross-gw.default.mesh");
    System.out.println("the same outbound with Host internal.cross-gw.default.mesh: " + internal);
    assertThat(internal).as("the gateway's internal name is served too").startsWith("200 ");

    // The listener trusts every mesh's CA: a certificate from mesh other's CA, presented by hand, is served too.
    MeshCertificates.Files3 otherCert = meshCa("other", CA).write(dir.resolve("certs"), "other", "other-client");
    MeshCertificates defaultCa = meshCa("default", CA);
    java.nio.file.Path defaultCaFile = defaultCa.writeCa(dir.resolve("certs/default-ca.crt"));
    OpenSslClient.Result byHand = OpenSslClient.get(listenerPort, HOST, defaultCaFile, otherCert, "/by-hand");
    System.out.println("openssl with mesh other's certificate: HTTP " + byHand.httpStatus().orElse(0) + ", gateway presents "
        + byHand.serverUris());
    assertThat(byHand.httpStatus()).as(byHand.output()).hasValue(200);
    assertThat(byHand.serverUris()).contains("spiffe://default/cross-gw");
  }

  /** GET /from-other-mesh with {@code host} through the client's explicit outbound in mesh other: status and body. */
  private static String viaOutbound(String host) {
    Curl.Attempt r = Curl.attempt("-H", "Host: " + host, "http://127.0.0.1:" + otherMeshOutbound + "/from-other-mesh");
    return r.status() + " " + r.output();
  }

  @Test
  void aClientOutsideAnyMeshIsRefused() {
    Curl.Attempt plain = Curl.attempt("-H", "Host: " + HOST, "http://127.0.0.1:" + listenerPort + "/outside");
    System.out.println("outside any mesh, plain HTTP: curl exit " + plain.exitCode() + " (" + plain.output().trim() + ")");
    assertThat(plain.status()).as("no HTTP answer: %s", plain).isZero();
    assertThat(plain.exitCode()).isNotZero();

    java.nio.file.Path defaultCaFile = meshCa("default", CA).writeCa(dir.resolve("certs/default-ca-2.crt"));
    OpenSslClient.Result noCert = OpenSslClient.get(listenerPort, HOST, defaultCaFile, null, "/outside-tls");
    MeshCertificates.Files3 stranger = MeshCertificates.stranger("no-mesh").write(dir.resolve("stranger"), "default", "someone");
    OpenSslClient.Result foreign = OpenSslClient.get(listenerPort, HOST, defaultCaFile, stranger, "/outside-foreign");
    System.out.println("outside any mesh, TLS without a certificate: " + noCert.alert().orElse("(no alert)")
        + "; with a certificate of no mesh: " + foreign.alert().orElse("(no alert)"));
    assertThat(noCert.httpStatus()).as(noCert.output()).isEmpty();
    assertThat(foreign.httpStatus()).as(foreign.output()).isEmpty();
    assertThat(app.requests()).extracting(EchoServer.ReceivedRequest::path).noneMatch(p -> p.startsWith("/outside"));
  }
}
