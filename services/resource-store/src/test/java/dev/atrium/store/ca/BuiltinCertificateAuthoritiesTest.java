package dev.atrium.store.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.security.tls.CertificateIssuer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CA owner's rules that the REST test cannot reach: every builtin backend gets a CA (the enabled
 * one or not, never a provided one), a half-written CA is left alone, and a replica that loses the
 * race for the key writes no certificate of its own.
 */
class BuiltinCertificateAuthoritiesTest {
  /** Secrets as the store keeps them: created only when the name is free. */
  private static final class StoredSecrets implements BuiltinCertificateAuthorities.Secrets {
    final Map<String, Resource> byName = new LinkedHashMap<>();

    @Override
    public Set<String> namesInMesh(String mesh) {
      return Set.copyOf(byName.keySet());
    }

    @Override
    public boolean createIfAbsent(Resource secret) {
      return byName.putIfAbsent(secret.name(), secret) == null;
    }
  }

  private final StoredSecrets secrets = new StoredSecrets();
  private final BuiltinCertificateAuthorities cas = new BuiltinCertificateAuthorities(secrets, CertificateIssuer.systemClock());

  private static MeshSpec mesh(String yaml) {
    return ResourceCodec.decode("type: Mesh\nname: m\n" + yaml).specAs(MeshSpec.class);
  }

  @Test
  void everyBuiltinBackendGetsOneCaAndProvidedOnesNone() {
    MeshSpec spec = mesh("""
        mtls:
          backends:
            - name: ca-1
              type: builtin
            - name: ext
              type: provided
        """);
    assertThat(cas.ensure("m", spec)).containsExactly("ca-1");
    assertThat(secrets.byName).containsOnlyKeys("m.ca-builtin-key-ca-1", "m.ca-builtin-cert-ca-1");
    Resource cert = secrets.byName.get("m.ca-builtin-cert-ca-1");

    assertThat(cas.ensure("m", spec)).as("made once").isEmpty();
    assertThat(secrets.byName.get("m.ca-builtin-cert-ca-1")).isSameAs(cert);
  }

  @Test
  void halfACaIsLeftAlone() {
    MeshSpec spec = mesh("mtls: {enabledBackend: ca-1, backends: [{name: ca-1, type: builtin}]}");
    cas.ensure("m", spec);
    secrets.byName.remove("m.ca-builtin-cert-ca-1");
    Resource key = secrets.byName.get("m.ca-builtin-key-ca-1");

    assertThat(cas.ensure("m", spec)).isEmpty();
    assertThat(secrets.byName).containsOnlyKeys("m.ca-builtin-key-ca-1");
    assertThat(secrets.byName.get("m.ca-builtin-key-ca-1")).isSameAs(key);
  }

  @Test
  void aReplicaThatLosesTheRaceForTheKeyWritesNoCertificate() {
    MeshSpec spec = mesh("mtls: {enabledBackend: ca-1, backends: [{name: ca-1, type: builtin}]}");
    BuiltinCertificateAuthorities.Secrets raced = new BuiltinCertificateAuthorities.Secrets() {
      @Override
      public Set<String> namesInMesh(String mesh) {
        return Set.of(); // read before the other replica wrote
      }

      @Override
      public boolean createIfAbsent(Resource secret) {
        if (secret.name().contains("-key-")) return false; // the other replica's key is there now
        return secrets.createIfAbsent(secret);
      }
    };
    assertThat(new BuiltinCertificateAuthorities(raced, CertificateIssuer.systemClock()).ensure("m", spec)).isEmpty();
    assertThat(secrets.byName).isEmpty();
  }
}
