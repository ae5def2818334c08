package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTableTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static ListedResource listed(String yaml, Instant modified) {
    return new ListedResource(ResourceCodec.decode(yaml), modified);
  }

  @Test
  void dataplaneShowsSortedUniqueTagsOfEveryInboundAndItsAddress() {
    ListedResource sidecar = listed("""
        type: Dataplane
        mesh: default
        name: backend-1
        networking:
          address: 10.0.0.7
          inbound:
            - port: 8080
              tags: {kuma.io/service: backend, version: v2, kuma.io/protocol: http}
            - port: 9090
              tags: {kuma.io/service: backend, version2: x}
        """, NOW.minusSeconds(45));
    ListedResource gateway = listed("""
        type: Dataplane
        mesh: default
        name: gateway-instance-1
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags: {kuma.io/service: edge-gateway}
        """, NOW.minusSeconds(3 * 3600));

    String text = ResourceTable.of(ResourceKind.DATAPLANE, List.of(sidecar, gateway), NOW).render();

    assertThat(text).isEqualTo("""
        MESH      NAME                 TAGS                                                                  ADDRESS     AGE
        default   backend-1            kuma.io/protocol=http,kuma.io/service=backend,version=v2,version2=x   10.0.0.7    45s
        default   gateway-instance-1   kuma.io/service=edge-gateway                                          127.0.0.1   3h
        """);
  }

  @Test
  void meshGatewayShowsEveryListenerAsProtocolPortHostname() {
    ListedResource gw = listed("""
        type: MeshGateway
        mesh: default
        name: edge-gateway
        selectors:
          - match: {kuma.io/service: edge-gateway}
        conf:
          listeners:
            - port: 8080
              protocol: HTTP
              hostname: foo.example.com
              tags: {port: http-8080}
            - port: 9000
              protocol: TCP
        """, NOW.minusSeconds(5 * 86400));

    String text = ResourceTable.of(ResourceKind.MESH_GATEWAY, List.of(gw), NOW).render();

    assertThat(text).isEqualTo("""
        MESH      NAME           LISTENERS                              AGE
        default   edge-gateway   HTTP:8080/foo.example.com,TCP:9000/*   5d
        """);
  }

  @Test
  void meshShowsMtlsBackendOrOff() {
    ListedResource plain = listed("type: Mesh\nname: default\n", NOW.minusSeconds(60));
    ListedResource secured = listed("""
        type: Mesh
        name: secured
        mtls:
          enabledBackend: ca-1
          backends:
            - name: ca-1
              type: builtin
        """, NOW.minusSeconds(200));

    String text = ResourceTable.of(ResourceKind.MESH, List.of(plain, secured), NOW).render();

    assertThat(text).isEqualTo("""
        NAME      MTLS           AGE
        default   off            60s
        secured   builtin/ca-1   3m20s
        """);
  }

  @Test
  void otherMeshScopedKindsShowMeshNameAge() {
    ListedResource route = listed("""
        type: MeshGatewayRoute
        mesh: default
        name: edge-gateway-route
        selectors:
          - match: {kuma.io/service: edge-gateway}
        conf:
          http:
            rules:
              - matches:
                  - path: {match: PREFIX, value: /}
                backends:
                  - destination: {kuma.io/service: demo-app_kuma-demo_svc_5000}
        """, null);

    String text = ResourceTable.of(ResourceKind.MESH_GATEWAY_ROUTE, List.of(route), NOW).render();

    assertThat(text).isEqualTo("""
        MESH      NAME                 AGE
        default   edge-gateway-route   <unknown>
        """);
  }
}
