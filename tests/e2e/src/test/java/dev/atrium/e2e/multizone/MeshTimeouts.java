package dev.atrium.e2e.multizone;

/** The MeshTimeout the multi-zone tests write: every proxy of the mesh, one connect timeout. */
final class MeshTimeouts {
  private MeshTimeouts() {}

  /** {@code labels}: extra lines under the resource (e.g. {@code "labels:\n  kuma.io/origin: zone"}), or empty. */
  static String yaml(String name, String labels, String connectTimeout) {
    return """
        type: MeshTimeout
        mesh: default
        name: %s
        %s
        spec:
          targetRef:
            kind: Mesh
          to:
            - targetRef:
                kind: Mesh
              default:
                connectionTimeout: %s
        """.formatted(name, labels, connectTimeout);
  }
}
