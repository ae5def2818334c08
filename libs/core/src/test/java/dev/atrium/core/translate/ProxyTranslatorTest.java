package dev.atrium.core.translate;

import dev.atrium.core.policy.GatewayRouteAttachment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.model.Resource;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyTranslatorTest {

  @Test
  void anUnknownDataplaneIsNamedWithItsMesh() {
    MeshSnapshot snapshot = TranslateCases.load("sidecar-http").snapshot();
    assertThatThrownBy(() -> ProxyTranslator.translate(snapshot, "nope"))
        .isInstanceOf(UnknownDataplaneException.class)
        .hasMessage("Dataplane \"nope\" not found in mesh \"default\"")
        .satisfies(e -> {
          assertThat(((UnknownDataplaneException) e).mesh()).isEqualTo("default");
          assertThat(((UnknownDataplaneException) e).dataplane()).isEqualTo("nope");
        });
  }

  @Test
  void theSeedsDelegatedGatewayGetsExactlyOneOutboundListenerAndNoInbound() {
    TranslateCases.Case c = TranslateCases.load("delegated-kong-seed");
    assertThat(c.input()).as("the seed is used verbatim").contains(Seeds.read("dataplane-kong-01-delegated.yaml"));
    ProxyIr ir = ProxyTranslator.translate(c.snapshot(), "kong-01");
    assertThat(ir.kind()).isEqualTo(ProxyKind.DELEGATED_GATEWAY);
    assertThat(ir.listeners()).singleElement().satisfies(l -> {
      assertThat(l.name()).isEqualTo("outbound:127.0.0.1:33033");
      assertThat(l.direction()).isEqualTo(ListenerIr.Direction.OUTBOUND);
      assertThat(l.address()).isEqualTo("127.0.0.1");
      assertThat(l.port()).isEqualTo(33033);
    });
    assertThat(ir.clusters()).extracting(cl -> cl.name() + "/" + cl.kind()).containsExactly("backend/EDS");
    assertThat(ir.endpoints()).singleElement().satisfies(e -> assertThat(e.endpoints()).hasSize(2));
    assertThat(ir.services()).containsExactly("backend");
  }

  /** The validator forbids inbounds on delegated gateways; the translator does not rely on it. */
  @Test
  void aDelegatedGatewayNeverGetsAnInboundListenerEvenIfItDeclaresOne() {
    Resource mesh = ResourceCodec.decode("type: Mesh\nname: default\n");
    Resource dp = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: gw
        networking:
          address: 10.0.0.1
          gateway:
            tags: {kuma.io/service: gw}
          inbound:
            - port: 10001
              tags: {kuma.io/service: gw}
          outbound:
            - port: 10002
              tags: {kuma.io/service: backend}
        """);
    ProxyIr ir = ProxyTranslator.translate(MeshSnapshot.of(mesh, List.of(dp)), "gw");
    assertThat(ir.kind()).as("gateway type defaults to DELEGATED").isEqualTo(ProxyKind.DELEGATED_GATEWAY);
    assertThat(ir.listeners()).extracting(ListenerIr::name).containsExactly("outbound:127.0.0.1:10002");
    assertThat(ir.clusters()).extracting(c -> c.name()).containsExactly("backend");
  }

  @Test
  void aBuiltinGatewayNoMeshGatewaySelectsHasNoListeners() {
    TranslateCases.Case c = TranslateCases.load("builtin-gateway-seed");
    assertThat(c.input()).contains(Seeds.read("dataplane-gateway-instance-1-builtin.yaml"));
    ProxyIr ir = ProxyTranslator.translate(c.snapshot(), "gateway-instance-1");
    assertThat(ir.kind()).isEqualTo(ProxyKind.BUILTIN_GATEWAY);
    assertThat(ir.listeners()).isEmpty();
    assertThat(ir.clusters()).isEmpty();
    assertThat(ir.services()).isEmpty();
  }

  @Test
  void aBuiltinGatewayDependsOnEveryBackendOfItsAttachedRoutes() {
    ProxyIr ir = ProxyTranslator.translate(TranslateCases.load("builtin-gateway-weighted").snapshot(), "gateway-instance-1");
    assertThat(ir.listeners()).extracting(ListenerIr::name)
        .containsExactly("edge-gateway:HTTP:8080", "edge-gateway:TCP:9000");
    assertThat(ir.services()).as("db-canary has no endpoints and still counts")
        .containsExactly("db", "db-canary", "shop", "shop-canary");
    assertThat(ir.endpoints()).filteredOn(e -> e.cluster().equals("db-canary")).singleElement()
        .satisfies(e -> assertThat(e.endpoints()).isEmpty());
  }

  @Test
  void routeHostnamesNeverWidenARouteBeyondTheListenerHostname() {
    assertThat(GatewayRouteAttachment.hostnamesMatch("*", "a.example.com")).isTrue();
    assertThat(GatewayRouteAttachment.hostnamesMatch("a.example.com", "A.example.com")).isTrue();
    assertThat(GatewayRouteAttachment.hostnamesMatch("*.example.com", "a.example.com")).isTrue();
    assertThat(GatewayRouteAttachment.hostnamesMatch("*.example.com", "*.eu.example.com")).isTrue();
    assertThat(GatewayRouteAttachment.hostnamesMatch("a.example.com", "*.example.com")).isFalse();
    assertThat(GatewayRouteAttachment.hostnamesMatch("a.example.com", "*")).isFalse();
    assertThat(GatewayRouteAttachment.hostnamesMatch("*.example.com", "example.com")).isFalse();
  }

  @Test
  void servicesAreEveryOutboundDestinationWithOrWithoutEndpoints() {
    assertThat(ProxyTranslator.translate(TranslateCases.load("outbound-without-endpoints").snapshot(), "web-01").services())
        .containsExactly("ghost", "sleeping");
    assertThat(ProxyTranslator.translate(TranslateCases.load("delegated-multiple-outbounds").snapshot(), "kong-02").services())
        .containsExactly("backend", "redis");
    assertThat(ProxyTranslator.translate(TranslateCases.load("inbound-defaults").snapshot(), "api-01").services())
        .as("an inbound depends on no other proxy's endpoints").isEmpty();
  }

  @Test
  void aSecondOutboundOnTheSameAddressAndPortIsDropped() {
    Resource mesh = ResourceCodec.decode("type: Mesh\nname: default\n");
    Resource dp = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: web
        networking:
          address: 10.0.0.1
          inbound:
            - port: 10001
              tags: {kuma.io/service: web}
          outbound:
            - port: 10002
              tags: {kuma.io/service: first}
            - port: 10002
              tags: {kuma.io/service: second}
        """);
    ProxyIr ir = ProxyTranslator.translate(MeshSnapshot.of(mesh, List.of(dp)), "web");
    assertThat(ir.listeners()).filteredOn(l -> l.name().startsWith("outbound:"))
        .singleElement().satisfies(l -> assertThat(l.cluster()).isEqualTo("first"));
    assertThat(ir.services()).containsExactly("first");
  }

  @Test
  void aMeshHttpRouteWithTheConsumerRoleDoesNotAttachToAGateway() {
    TranslateCases.Case c = TranslateCases.load("builtin-gateway-newer-kind-wins");
    List<Resource> resources = new ArrayList<>(c.resources());
    resources.addAll(ResourceCodec.decodeAll("""
        type: MeshHTTPRoute
        mesh: default
        name: consumer-routes
        labels:
          kuma.io/policy-role: consumer
        spec:
          targetRef:
            kind: MeshGateway
            name: edge-gateway
            tags:
              port: http-8081
          to:
            - targetRef:
                kind: Mesh
              rules:
                - default:
                    backendRefs:
                      - kind: MeshService
                        name: consumer-backend
        """));
    ProxyIr ir = ProxyTranslator.translate(TranslateCases.snapshot(resources), "gateway-instance-1");
    assertThat(ir.services()).as("the 8081 listener keeps its MeshGatewayRoute")
        .containsExactly("demo-app_kuma-demo_svc_5000", "legacy-only");
  }

  @Test
  void aMeshTcpRouteReplacesTheMeshGatewayRoutesOfItsListener() {
    ProxyIr ir = ProxyTranslator.translate(TranslateCases.load("builtin-gateway-meshtcproute").snapshot(), "gateway-instance-1");
    assertThat(ir.services()).containsExactly("redis-replica_kuma-demo_svc_6379", "redis_kuma-demo_svc_6379");
    assertThat(ir.listeners()).extracting(ListenerIr::name).containsExactly("edge-gateway:TCP:8080");
  }

  /**
   * A hostname whose certificate cannot be served is left out with its routes (a mesh Secret deleted
   * after the MeshGateway was written); the other hostnames stay. A file on the gateway's machine is
   * served by path: the gateway's Envoy reads it.
   */
  @Test
  void anHttpsHostnameWithoutAServableCertificateIsLeftOut() {
    TranslateCases.Case c = TranslateCases.load("builtin-gateway-https-sni");
    List<Resource> resources = new ArrayList<>(c.resources());
    resources.removeIf(r -> r.name().equals("foo-example-com-rsa"));
    ProxyIr ir = ProxyTranslator.translate(TranslateCases.snapshot(resources), c.dataplane());
    assertThat(ir.listeners()).singleElement().satisfies(l -> assertThat(l.filterChains())
        .extracting(fc -> fc.serverName()).containsExactly("bar.example.com"));
    assertThat(ir.secrets()).extracting(s -> s.name()).containsExactly("cert.rsa:inlineString:a2c6913d74bd4217");
    assertThat(ir.services()).as("foo's route is left out with it").containsExactly("api_kuma-demo_svc_8000");

    String withFile = c.input().replace("- secret: foo-example-com-rsa", "- file: /etc/certs/foo.pem");
    ProxyIr fromFile = ProxyTranslator.translate(TranslateCases.snapshot(ResourceCodec.decodeAll(withFile)), c.dataplane());
    assertThat(fromFile.listeners().get(0).filterChains()).extracting(fc -> fc.serverName())
        .containsExactly("bar.example.com", "foo.example.com", "*.example.com");
    assertThat(fromFile.secrets()).filteredOn(s -> s.file() != null).singleElement()
        .satisfies(s -> assertThat(s.file()).isEqualTo("/etc/certs/foo.pem"))
        .satisfies(s -> assertThat(s.name()).startsWith("cert.file:"));
  }

  @Test
  void anHttpsPortWithNoServableHostnameHasNoListener() {
    TranslateCases.Case c = TranslateCases.load("builtin-gateway-http-and-https");
    String noCert = c.input().replaceAll("- inline: \\S+", "- secret: missing");
    ProxyIr ir = ProxyTranslator.translate(TranslateCases.snapshot(ResourceCodec.decodeAll(noCert)), c.dataplane());
    assertThat(ir.listeners()).extracting(ListenerIr::name).containsExactly("edge-gateway:HTTP:8080");
    assertThat(ir.secrets()).isEmpty();
  }

  /** Traffic to loopback is never redirected, so listeners there keep their ports; the rest bind nothing. */
  @Test
  void withTransparentProxyingOnlyListenersOffLoopbackGiveUpTheirPorts() {
    Resource mesh = ResourceCodec.decode("type: Mesh\nname: default\n");
    Resource dp = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: web
        networking:
          address: 127.0.0.2
          inbound:
            - port: 8080
              servicePort: 18080
              tags: {kuma.io/service: web}
          outbound:
            - port: 10002
              tags: {kuma.io/service: backend}
            - address: 10.96.0.10
              port: 80
              tags: {kuma.io/service: backend}
          transparentProxying:
            redirectPortOutbound: 15001
        """);
    MeshSnapshot snapshot = MeshSnapshot.of(mesh, List.of(dp));
    ProxyIr ir = ProxyTranslator.translate(snapshot, "web");
    // web's own VIP (every service of the mesh gets one, ADR 0021) binds nothing either.
    String webVip = dev.atrium.core.dns.ServiceVips.of(snapshot).get("web");
    assertThat(ir.listeners()).extracting(l -> l.name() + " " + l.binding()).containsExactlyInAnyOrder(
        "inbound:127.0.0.2:8080 BIND", "outbound:10.96.0.10:80 FROM_VIRTUAL", "outbound:127.0.0.1:10002 BIND",
        "outbound:" + webVip + ":80 FROM_VIRTUAL", "outbound:passthrough:ipv4 VIRTUAL");
    assertThat(ir.clusters()).extracting(c -> c.name() + " " + c.kind())
        .as("no inbound redirect port: no inbound passthrough")
        .containsExactly("backend EDS", "localhost:18080 STATIC", "outbound:passthrough:ipv4 ORIGINAL_DST", "web EDS");
  }
}
