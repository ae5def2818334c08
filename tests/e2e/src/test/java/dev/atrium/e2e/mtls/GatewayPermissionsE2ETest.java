package dev.atrium.e2e.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.Curl;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.yaml.MeshYaml;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A builtin gateway in front of a sidecar'd backend in mesh {@code default} with builtin mTLS: the
 * gateway calls the backend over mesh TLS as {@code spiffe://default/edge-gateway}, and the backend's
 * inbound RBAC decides. With no permission the client gets 403 {@code RBAC: access denied}; a
 * MeshTrafficPermission allowing the gateway's service lets it through, one allowing only another
 * service does not, {@code AllowWithShadowDeny} lets it through and counts shadow denials; the legacy
 * TrafficPermission does the same; and a TCP backend RBAC refuses closes the connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayPermissionsE2ETest extends WithMeshControlPlane {
  private static final String MTP = "/meshes/default/meshtrafficpermissions/backend-callers";
  private static final String TP = "/meshes/default/traffic-permissions/backend-callers";
  private static final String DENIED = "403 RBAC: access denied";
  private static final int N = 20;

  private static EchoServer app;
  private static EchoServer tcpApp;
  private static DataplaneAgent backend;
  private static DataplaneAgent tcpBackend;
  private static String gatewayUrl;
  private static int tcpOutbound;

  @BeforeAll
  static void gatewayBackendAndTcpClientInAStrictMesh() {
    put("/meshes/default", MeshYaml.builtinMtlsMesh("default", "STRICT", null));
    app = track(EchoServer.start("backend-app"));
    tcpApp = track(EchoServer.start("tcp-app"));
    backend = agent(MeshYaml.sidecar("default", "backend-1", Ports.free(), app.port(), "backend", "http"));
    tcpBackend = agent(MeshYaml.sidecar("default", "tcp-backend-1", Ports.free(), tcpApp.port(), "tcp-backend", "tcp"));
    tcpOutbound = Ports.free();
    DataplaneAgent tcpClient = agent(MeshYaml.sidecar("default", "tcp-client-1", Ports.free(), Ports.free(), "tcp-client", "tcp")
        + MeshYaml.outbound(tcpOutbound, "kuma.io/service", "tcp-backend"));
    int port = Ports.free();
    put("/meshes/default/meshgateways/edge-gateway", MeshYaml.httpGateway("default", "edge-gateway", port, false, null));
    put("/meshes/default/meshgatewayroutes/to-backend", MeshYaml.routeAll("default", "to-backend", "edge-gateway", "backend"));
    DataplaneAgent gateway = agent(MeshYaml.builtinGateway("default", "edge-gateway-1", "edge-gateway"));
    gatewayUrl = "http://127.0.0.1:" + port + "/via-gateway";
    for (DataplaneAgent a : new DataplaneAgent[] {backend, tcpBackend, tcpClient, gateway}) {
      awaitTrue(Duration.ofSeconds(30), () -> identityUris(a.admin()).stream().anyMatch(u -> u.startsWith("spiffe://default/")),
          () -> "no mesh identity over SDS; /certs: " + a.admin().certs());
    }
  }

  @Test
  @Order(1)
  void withoutAnyPermissionTheGatewayAnswers403() {
    long deniedBefore = rbacDenied(backend.admin());
    Map<String, Integer> replies = settledTally(DENIED);
    long denied = rbacDenied(backend.admin()) - deniedBefore;
    System.out.println("no permission: " + replies + "; backend Envoy's RBAC denials +" + denied);
    assertThat(replies).containsOnlyKeys(DENIED);
    assertThat(denied).as("refused by the backend's inbound RBAC").isGreaterThanOrEqualTo(N);
    assertThat(app.requestCount()).isZero();
  }

  @Test
  @Order(2)
  void aMeshTrafficPermissionAllowingTheGatewaysServiceLetsItThrough() {
    put(MTP, MeshYaml.permission("default", "backend-callers", "backend", "edge-gateway", "Allow"));
    Map<String, Integer> replies = settledTally("200 ");
    System.out.println("MTP Allow from edge-gateway: " + replies);
    assertThat(replies).hasSize(1);
    assertThat(replies.keySet().iterator().next()).startsWith("200 ").contains("\"server\":\"backend-app\"");
    assertThat(replies.values().iterator().next()).isEqualTo(N);
  }

  @Test
  @Order(3)
  void aMeshTrafficPermissionAllowingOnlyAnotherServiceIs403() {
    put(MTP, MeshYaml.permission("default", "backend-callers", "backend", "someone-else", "Allow"));
    Map<String, Integer> replies = settledTally(DENIED);
    System.out.println("MTP Allow from someone-else only: " + replies);
    assertThat(replies).containsOnlyKeys(DENIED);
  }

  @Test
  @Order(4)
  void allowWithShadowDenyServesAndCountsShadowDenials() {
    put(MTP, MeshYaml.permission("default", "backend-callers", "backend", "edge-gateway", "AllowWithShadowDeny"));
    awaitTrue(Duration.ofSeconds(30), () -> Requests.get(gatewayUrl).status() == 200, () -> "never 200: " + Requests.get(gatewayUrl));
    long before = rbacShadowDenied(backend.admin());
    Map<String, Integer> replies = Requests.tally(gatewayUrl, N);
    long shadow = rbacShadowDenied(backend.admin()) - before;
    System.out.println("MTP AllowWithShadowDeny from edge-gateway: " + replies.values() + " replies, all "
        + replies.keySet().stream().map(k -> k.substring(0, 3)).distinct().toList() + "; shadow denials +" + shadow
        + " (" + backend.admin().stats("shadow_denied") + ")");
    assertThat(replies.keySet()).allMatch(k -> k.startsWith("200 "));
    assertThat(shadow).as("the backend Envoy counts each request it would have denied").isGreaterThanOrEqualTo(N);
  }

  @Test
  @Order(5)
  void aLegacyTrafficPermissionDoesTheSame() {
    delete(MTP);
    assertThat(settledTally(DENIED)).as("no permission left").containsOnlyKeys(DENIED);

    put(TP, MeshYaml.legacyPermission("default", "backend-callers", "edge-gateway", "backend"));
    Map<String, Integer> allowed = settledTally("200 ");
    put(TP, MeshYaml.legacyPermission("default", "backend-callers", "someone-else", "backend"));
    Map<String, Integer> other = settledTally(DENIED);
    System.out.println("TrafficPermission edge-gateway -> backend: " + allowed.values() + " x 200; someone-else -> backend: " + other);
    assertThat(allowed.keySet()).allMatch(k -> k.startsWith("200 "));
    assertThat(other).containsOnlyKeys(DENIED);
    delete(TP);
  }

  @Test
  @Order(6)
  void aTcpBackendRefusedByRbacClosesTheConnection() {
    String url = "http://127.0.0.1:" + tcpOutbound + "/over-tcp";
    long before = rbacDenied(tcpBackend.admin());
    Curl.Attempt refused = Curl.attempt(url);
    System.out.println("TCP without permission: curl exit " + refused.exitCode() + " (" + refused.output().trim()
        + "), tcp-backend Envoy's RBAC denials +" + (rbacDenied(tcpBackend.admin()) - before));
    assertThat(refused.status()).as("no reply at all: %s", refused).isZero();
    assertThat(refused.exitCode()).as("52 empty reply / 56 reset: %s", refused).isIn(52, 56);
    assertThat(rbacDenied(tcpBackend.admin())).isGreaterThan(before);
    assertThat(tcpApp.requestCount()).isZero();

    put("/meshes/default/meshtrafficpermissions/tcp-callers", MeshYaml.permission("default", "tcp-callers", "tcp-backend", "tcp-client", "Allow"));
    awaitTrue(Duration.ofSeconds(30), () -> Curl.attempt(url).status() == 200, () -> "TCP never served once allowed: " + Curl.attempt(url));
    Curl.Attempt served = Curl.attempt(url);
    System.out.println("TCP with permission: HTTP " + served.status() + " " + served.output());
    assertThat(served.output()).contains("\"server\":\"tcp-app\"").contains("/over-tcp");
  }

  /**
   * Waits until the gateway's reply starts with {@code expected} (a permission change takes an xDS
   * push), then sends {@value #N} requests and tallies the replies as status + body.
   */
  private static Map<String, Integer> settledTally(String expected) {
    awaitTrue(Duration.ofSeconds(30), () -> Requests.get(gatewayUrl).toString().startsWith(expected),
        () -> "the gateway never answered '" + expected + "': " + Requests.get(gatewayUrl) + "; store: "
            + Http.get(store.apiUrl() + "/meshes/default/meshtrafficpermissions").body());
    return Requests.tally(gatewayUrl, N);
  }
}
