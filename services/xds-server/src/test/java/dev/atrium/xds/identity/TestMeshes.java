package dev.atrium.xds.identity;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Meshes with mTLS as users write them, and the CA Secrets the resource-store's CA owner writes. */
final class TestMeshes {
  private TestMeshes() {}

  static IssuedCertificate newCa(String mesh) {
    return CertificateIssuer.systemClock().selfSigned(CertificateRequest.ca(mesh, Duration.ofDays(3650)));
  }

  static Resource builtinMesh(String mesh, String expiration) {
    String dpCert = expiration == null ? "" : "    dpCert:\n      rotation:\n        expiration: " + expiration + "\n";
    return ResourceCodec.decode("type: Mesh\nname: " + mesh + "\nmtls:\n  enabledBackend: ca-1\n  backends:\n"
        + "  - name: ca-1\n    type: builtin\n" + dpCert);
  }

  static Resource providedMesh(String mesh, String certSource, String keySource) {
    return ResourceCodec.decode("type: Mesh\nname: " + mesh + "\nmtls:\n  enabledBackend: own\n  backends:\n"
        + "  - name: own\n    type: provided\n    conf:\n      cert:\n        " + certSource + "\n      key:\n        " + keySource + "\n");
  }

  static List<Resource> caSecrets(String mesh, IssuedCertificate ca) {
    return List.of(secret(mesh, mesh + ".ca-builtin-cert-ca-1", ca.certificatePem()),
        secret(mesh, mesh + ".ca-builtin-key-ca-1", ca.keyPem()));
  }

  static Resource secret(String mesh, String name, String pem) {
    return ResourceCodec.decode("type: Secret\nmesh: " + mesh + "\nname: " + name + "\ndata: "
        + Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)) + "\n");
  }

  static Resource dataplane(String mesh, String name, String service, String version) {
    return ResourceCodec.decode("""
        type: Dataplane
        mesh: %s
        name: %s
        networking:
          address: 10.0.0.1
          inbound:
          - port: 8080
            tags:
              kuma.io/service: %s
              kuma.io/protocol: http
              version: %s
        """.formatted(mesh, name, service, version));
  }

  static MeshSnapshot snapshot(Resource mesh, List<Resource> secrets, Resource... dataplanes) {
    List<Resource> all = new ArrayList<>(secrets);
    all.addAll(List.of(dataplanes));
    return MeshSnapshot.of(mesh, all);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
