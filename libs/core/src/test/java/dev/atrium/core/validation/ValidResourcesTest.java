package dev.atrium.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Resources Kuma 2.14 accepts, using the features the golden cases break one at a time, are
 * accepted here too: the validator must not be stricter than Kuma where Atrium does not mean it.
 */
class ValidResourcesTest {

  static final List<String> VALID = List.of("""
      type: Mesh
      name: default
      mtls:
        enabledBackend: ca-1
        backends:
          - name: ca-1
            type: builtin
      """, """
      type: Secret
      mesh: default
      name: edge-cert
      data: dGVzdA==
      """, """
      type: Dataplane
      mesh: default
      name: web-01
      networking:
        address: web-01.internal.example.com
        inbound:
          - port: 8080
            servicePort: 80
            serviceAddress: 127.0.0.1
            tags:
              kuma.io/service: web
              kuma.io/protocol: http
              version: v1.2_beta
        outbound:
          - port: 10001
            tags:
              kuma.io/service: backend
          - port: 10002
            backendRef:
              kind: MeshService
              name: redis
              port: 6379
          - port: 10003
            backendRef:
              kind: MeshExternalService
              name: httpbin
      probes:
        port: 9000
        endpoints:
          - inboundPort: 8080
            inboundPath: /healthz
            path: /8080/healthz
      metrics:
        type: prometheus
      """, """
      type: Dataplane
      mesh: default
      name: kong-02
      networking:
        address: "fd00::10"
        gateway:
          type: DELEGATED
          tags:
            kuma.io/service: kong
            kuma.io/protocol: tcp
      """, """
      type: MeshGateway
      mesh: default
      name: edge-gateway
      selectors:
        - match:
            kuma.io/service: edge-gateway
      tags:
        team: edge
      conf:
        listeners:
          - port: 8080
            protocol: HTTP
            hostname: "*.example.com"
            tags:
              port: http/8080
            resources:
              connectionLimit: 100
          - port: 8080
            protocol: HTTP
            hostname: foo.example.com
            resources:
              connectionLimit: 100
          - port: 8080
            protocol: HTTP
          - port: 8443
            protocol: HTTPS
            hostname: foo.example.com
            tls:
              mode: TERMINATE
              certificates:
                - file: /etc/certs/edge.pem
          - port: 9443
            protocol: TLS
            hostname: db.example.com
            tls:
              mode: PASSTHROUGH
          - port: 9000
            protocol: TCP
      """, """
      type: MeshGateway
      mesh: default
      name: cross-mesh-gateway
      selectors:
        - match:
            kuma.io/service: cross-mesh-gateway
      conf:
        listeners:
          - port: 8080
            protocol: HTTP
            crossMesh: true
            hostname: default.mesh
      """, """
      type: MeshGatewayRoute
      name: route
      mesh: default
      selectors:
        - match:
            kuma.io/service: gateway
      conf:
        http:
          hostnames:
            - foo.example.com
          rules:
            - matches:
                - method: GET
                  path:
                    match: EXACT
                    value: /
                  headers:
                    - match: ABSENT
                      name: x-baz
                    - match: PRESENT
                      name: x-bar
                    - match: REGEX
                      name: x-count
                      value: "[0-9]+"
                  query_parameters:
                    - match: EXACT
                      name: customer
                      value: kong
                - path:
                    match: PREFIX
                    value: /api
              filters:
                - rewrite:
                    host_to_backend_hostname: true
                - rewrite:
                    replace_prefix_match: /v2
                - request_header:
                    set:
                      - name: x-foo
                        value: foo
                    remove:
                      - x-deleted
                - mirror:
                    percentage: 1.12
                    backend:
                      destination:
                        kuma.io/service: target
              backends:
                - weight: 5
                  destination:
                    kuma.io/service: target-1
                - weight: 0
                  destination:
                    kuma.io/service: target-2
            - matches:
                - path:
                    value: /old
              filters:
                - redirect:
                    scheme: https
                    hostname: foo.example.com
                    port: 443
                    status_code: 301
      """, """
      type: MeshHTTPRoute
      mesh: default
      name: edge-routes
      spec:
        targetRef:
          kind: MeshGateway
          name: edge-gateway
          tags:
            port: http-8080
        to:
          - targetRef:
              kind: Mesh
            hostnames:
              - foo.example.com
            rules:
              - matches:
                  - path:
                      type: PathPrefix
                      value: /api
                default:
                  filters:
                    - type: URLRewrite
                      urlRewrite:
                        hostToBackendHostname: true
                        path:
                          type: ReplacePrefixMatch
                          replacePrefixMatch: /
                    - type: RequestMirror
                      requestMirror:
                        percentage: "12.5"
                        backendRef:
                          kind: MeshService
                          name: shadow
                          port: 8080
                  backendRefs:
                    - kind: MeshService
                      name: demo-app
                      port: 5000
                      weight: 90
                    - kind: MeshServiceSubset
                      name: demo-app
                      port: 5000
                      weight: 10
                      tags:
                        version: v2
              - matches:
                  - path:
                      type: Exact
                      value: /old
                default:
                  filters:
                    - type: RequestRedirect
                      requestRedirect:
                        scheme: https
                        hostname: new.example.com
                        statusCode: 301
      """, """
      type: MeshHTTPRoute
      mesh: default
      name: sidecar-routes
      spec:
        to:
          - targetRef:
              kind: MeshService
              name: demo-app
            rules:
              - matches:
                  - path:
                      type: PathPrefix
                      value: /
                    headers:
                      - type: Present
                        name: x-canary
                default:
                  filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        add:
                          - name: x-route
                            value: canary
                  backendRefs:
                    - kind: MeshService
                      name: demo-app-canary
                      port: 5000
      """, """
      type: MeshTCPRoute
      mesh: default
      name: edge-tcp
      spec:
        targetRef:
          kind: MeshGateway
          name: edge-gateway
        to:
          - targetRef:
              kind: Mesh
            rules:
              - default:
                  backendRefs:
                    - kind: MeshService
                      name: redis
                      port: 6379
      """, """
      apiVersion: kuma.io/v1alpha1
      kind: MeshGatewayInstance
      metadata:
        name: edge-gateway
        namespace: default
      spec:
        replicas: 2
        serviceType: ClusterIP
        tags:
          team: edge
      """, """
      type: Mesh
      name: permissive
      mtls:
        enabledBackend: ca-1
        backends:
          - name: ca-1
            type: builtin
            mode: PERMISSIVE
            dpCert:
              rotation:
                expiration: 1d
            conf:
              caCert:
                RSAbits: 4096
                expiration: 10y
      """, """
      type: Mesh
      name: provided
      mtls:
        enabledBackend: ca-1
        backends:
          - name: ca-1
            type: provided
            conf:
              cert:
                inlineString: |
                  -----BEGIN CERTIFICATE-----
                  MIIBZjCCAQygAwIBAgIUMfBG0GdO5vp6WrLc9VvsffLtuugwCgYIKoZIzj0EAwIw
                  EDEOMAwGA1UEAwwFY2EtY2EwIBcNMjYxMjA1MTM1MzM1WhgPMjEyNjExMTExMzUz
                  MzVaMBAxDjAMBgNVBAMMBWNhLWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
                  VIT1AMfOp+rQHah3A1J9uQpUM70tl+p+r+B+8mGaQdIA7ZERDi9FLDyg13puTucl
                  szEmumsBphUDJ35LIbLfaKNCMEAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
                  BAMCAQYwHQYDVR0OBBYEFIJZMSIAWrCO9TDJGn1zzoUy3ArQMAoGCCqGSM49BAMC
                  A0gAMEUCIFHlk/8T0c0L73+gvxcY0CJ5/kgOJqr546EulQVKkxorAiEA/CyIs+Lx
                  WNQZGJeptVmFG5oFkG8XU1h2p5l2/oVxxkY=
                  -----END CERTIFICATE-----
              key:
                inlineString: |
                  -----BEGIN PRIVATE KEY-----
                  MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgON2Cklmst6JFJB7U
                  zT4JjpBTYU56pWPR9/tqolQBLlChRANCAARUhPUAx86n6tAdqHcDUn25ClQzvS2X
                  6n6v4H7yYZpB0gDtkREOL0UsPKDXem5O5yWzMSa6awGmFQMnfkshst9o
                  -----END PRIVATE KEY-----
      """, """
      type: Mesh
      name: from-files
      mtls:
        backends:
          - name: ca-1
            type: provided
            conf:
              cert:
                file: /etc/ca/cert.pem
              key:
                file: /etc/ca/key.pem
      """, """
      type: MeshTrafficPermission
      mesh: default
      name: allow-web
      spec:
        targetRef:
          kind: Dataplane
          labels:
            app: backend
          sectionName: http
        from:
          - targetRef:
              kind: MeshSubset
              tags:
                kuma.io/service: web
            default:
              action: Allow
          - targetRef:
              kind: MeshServiceSubset
              name: web
              tags:
                version: v2
            default:
              action: AllowWithShadowDeny
          - targetRef:
              kind: Mesh
            default:
              action: Deny
      """, """
      type: MeshTrafficPermission
      mesh: default
      name: by-identity
      spec:
        rules:
          - default:
              allow:
                - spiffeID:
                    type: Prefix
                    value: spiffe://default/web
                - sni:
                    type: Exact
                    value: web.default.svc
      """, """
      type: TrafficPermission
      mesh: default
      name: allow-all-default
      sources:
        - match:
            kuma.io/service: "*"
      destinations:
        - match:
            kuma.io/service: "*"
      """);

  private final Validator validator = new Validator((mesh, name) -> Optional.empty());

  @ParameterizedTest
  @FieldSource("VALID")
  void hasNoViolations(String yaml) {
    assertThat(validator.validate(ResourceCodec.decode(yaml))).isEmpty();
  }
}
