package dev.atrium.testing.yaml;

/** Resources in Kuma's universal YAML as a user writes them, shared by the end-to-end tests and the benchmarks. */
public final class MeshYaml {
  public static final String CA = "ca-1";

  private MeshYaml() {}

  /**
   * A Mesh with a builtin CA {@value #CA} enabled in {@code mode} (STRICT or PERMISSIVE); proxy
   * certificates live {@code expiration} (Kuma's format, e.g. {@code 1m}) or the default 24h when null.
   */
  public static String builtinMtlsMesh(String mesh, String mode, String expiration) {
    String dpCert = expiration == null ? "" : """
              dpCert:
                rotation:
                  expiration: %s
        """.formatted(expiration);
    return """
        type: Mesh
        name: %s
        mtls:
          enabledBackend: %s
          backends:
            - name: %s
              type: builtin
              mode: %s
        %s""".formatted(mesh, CA, CA, mode, dpCert);
  }

  /** A sidecar on 127.0.0.1: Envoy's inbound on {@code inboundPort} in front of the app on {@code servicePort}. */
  public static String sidecar(String mesh, String name, int inboundPort, int servicePort, String service, String protocol) {
    return """
        type: Dataplane
        mesh: %s
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: %d
              servicePort: %d
              tags:
                kuma.io/service: %s
                kuma.io/protocol: %s
        """.formatted(mesh, name, inboundPort, servicePort, service, protocol);
  }

  /** Appended to {@link #sidecar}: an explicit outbound on 127.0.0.1:{@code port} to the proxies tagged {@code tags} (k, v, k, v…). */
  public static String outbound(int port, String... tags) {
    StringBuilder yaml = new StringBuilder("""
          outbound:
            - port: %d
              tags:
        """.formatted(port));
    for (int i = 0; i < tags.length; i += 2) yaml.append("        ").append(tags[i]).append(": ").append(tags[i + 1]).append('\n');
    return yaml.toString();
  }

  /** A builtin gateway Dataplane whose gateway tags carry {@code service}: its mesh identity is {@code spiffe://<mesh>/<service>}. */
  public static String builtinGateway(String mesh, String name, String service) {
    return """
        type: Dataplane
        mesh: %s
        name: %s
        networking:
          address: 127.0.0.1
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: %s
        """.formatted(mesh, name, service);
  }

  /** A MeshGateway {@code name} selecting the gateway Dataplanes of service {@code name}, one HTTP listener. */
  public static String httpGateway(String mesh, String name, int port, boolean crossMesh, String hostname) {
    return """
        type: MeshGateway
        mesh: %s
        name: %s
        selectors:
          - match:
              kuma.io/service: %s
        conf:
          listeners:
            - port: %d
              protocol: HTTP
              crossMesh: %s
        %s""".formatted(mesh, name, name, port, crossMesh,
        hostname == null ? "" : "      hostname: " + hostname + "\n");
  }

  /** A MeshGatewayRoute sending everything the gateway {@code gateway} receives to {@code backendService}. */
  public static String routeAll(String mesh, String name, String gateway, String backendService) {
    return """
        type: MeshGatewayRoute
        mesh: %s
        name: %s
        selectors:
          - match:
              kuma.io/service: %s
        conf:
          http:
            rules:
              - matches:
                  - path: {match: PREFIX, value: /}
                backends:
                  - destination:
                      kuma.io/service: %s
        """.formatted(mesh, name, gateway, backendService);
  }

  /**
   * A MeshTrafficPermission on the proxies of {@code target}: callers tagged
   * {@code kuma.io/service: caller} (a MeshSubset, as Kuma's guide writes it for a builtin gateway) get
   * {@code action} (Allow, Deny, AllowWithShadowDeny).
   */
  public static String permission(String mesh, String name, String target, String caller, String action) {
    return """
        type: MeshTrafficPermission
        mesh: %s
        name: %s
        spec:
          targetRef:
            kind: MeshService
            name: %s
          from:
            - targetRef:
                kind: MeshSubset
                tags:
                  kuma.io/service: %s
              default:
                action: %s
        """.formatted(mesh, name, target, caller, action);
  }

  /** A MeshTrafficPermission letting every proxy of the mesh call {@code target}. */
  public static String permissionFromMesh(String mesh, String name, String target) {
    return """
        type: MeshTrafficPermission
        mesh: %s
        name: %s
        spec:
          targetRef:
            kind: MeshService
            name: %s
          from:
            - targetRef:
                kind: Mesh
              default:
                action: Allow
        """.formatted(mesh, name, target);
  }

  /** Kuma's legacy TrafficPermission: {@code source} may call {@code destination}. */
  public static String legacyPermission(String mesh, String name, String source, String destination) {
    return """
        type: TrafficPermission
        mesh: %s
        name: %s
        sources:
          - match:
              kuma.io/service: %s
        destinations:
          - match:
              kuma.io/service: %s
        """.formatted(mesh, name, source, destination);
  }
}
