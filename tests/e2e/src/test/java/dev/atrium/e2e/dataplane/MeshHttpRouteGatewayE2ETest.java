package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.Curl;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A MeshHTTPRoute aimed at the seeds' edge-gateway routes through a real Envoy, and — as in Kuma —
 * replaces the MeshGatewayRoute on that listener once it attaches.
 */
class MeshHttpRouteGatewayE2ETest extends WithControlPlane {

  @Test
  void meshHttpRouteRoutesAndTheNewerKindWins() {
    EchoServer legacy = track(EchoServer.start("legacy-app"));
    EchoServer api = track(EchoServer.start("api-app"));
    EchoServer shadow = track(EchoServer.start("shadow-app"));
    registerApp("shadow-1", "shadow", shadow.port());
    registerApp("demo-app-1", "demo-app_kuma-demo_svc_5000", legacy.port());
    registerApp("api-1", "api", api.port());
    put("meshgateways", "edge-gateway", Seeds.read("meshgateway-edge-gateway.yaml"));
    put("meshgatewayroutes", "edge-gateway-route", Seeds.read("meshgatewayroute-edge-gateway-route.yaml"));
    DataplaneAgent gateway = agent(Seeds.read("dataplane-gateway-instance-1-builtin.yaml"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(10),
        () -> Curl.run("-H", "Host: foo.example.com", "http://127.0.0.1:8080/x").body().contains("legacy-app")))
        .as("the MeshGatewayRoute serves first").isTrue();

    put("meshhttproutes", "edge-api", """
        type: MeshHTTPRoute
        mesh: default
        name: edge-api
        spec:
          targetRef:
            kind: MeshGateway
            name: edge-gateway
          to:
            - targetRef:
                kind: Mesh
              hostnames: [foo.example.com]
              rules:
                - matches: [{path: {type: PathPrefix, value: /api}}]
                  default:
                    filters:
                      - type: RequestHeaderModifier
                        requestHeaderModifier:
                          set: [{name: x-from, value: meshhttproute}]
                      - type: URLRewrite
                        urlRewrite:
                          hostname: api.internal
                      - type: RequestMirror
                        requestMirror:
                          backendRef: {kind: MeshService, name: shadow}
                    backendRefs:
                      - kind: MeshService
                        name: api
        """);
    assertThat(Traffic.eventually(Duration.ofSeconds(10),
        () -> Curl.run("-H", "Host: foo.example.com", "http://127.0.0.1:8080/api/v1").body().contains("api-app")))
        .as("the MeshHTTPRoute routes /api").isTrue();
    EchoServer.ReceivedRequest last = api.requests().get(api.requests().size() - 1);
    assertThat(last.header("x-from")).isEqualTo("meshhttproute");
    assertThat(last.header("host")).as("URLRewrite hostname").isEqualTo("api.internal");
    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> shadow.requestCount() >= 1))
        .as("RequestMirror sends a copy to the shadow service").isTrue();
    assertThat(shadow.requests().get(0).path()).isEqualTo("/api/v1");

    Curl.Result old = Curl.run("-H", "Host: foo.example.com", "http://127.0.0.1:8080/x");
    assertThat(old.status()).as("the MeshGatewayRoute no longer applies on this listener").isEqualTo(404);
    assertThat(gateway.admin().clusterNames()).contains("api");
  }

}
