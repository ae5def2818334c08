package dev.atrium.xds.identity;

import static dev.atrium.xds.identity.TestMeshes.builtinMesh;
import static dev.atrium.xds.identity.TestMeshes.caSecrets;
import static dev.atrium.xds.identity.TestMeshes.dataplane;
import static dev.atrium.xds.identity.TestMeshes.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.xds.ads.ProxyId;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a proxy of an mTLS mesh receives, and when it receives a new certificate. */
class IdentityIssuerTest {
  static final ProxyId WEB = new ProxyId("default", "web-1");
  static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
  static final MeshTlsIr TLS = new MeshTlsIr("default", "ca-1", MeshTlsIr.Mode.STRICT, false);

  private final TestMeshes.MovableClock clock = new TestMeshes.MovableClock(T0);
  private final IdentityIssuer issuer = new IdentityIssuer(clock, ProxyKeyAlgorithm.ECDSA_P256);
  private final List<ProxyIdentity> issued = new ArrayList<>();
  private final IssuedCertificate ca = TestMeshes.newCa("default");

  IdentityIssuerTest() {
    issuer.listener((id, identity, backends, took) -> issued.add(identity));
  }

  @Test
  void aProxyGetsItsServiceSpiffeIdEveryTagAsKumaUriAnEmptySubjectAndBothUsages() throws Exception {
    Resource dp = dataplane("default", "web-1", "web", "v1");
    Map<String, Secret> secrets = secrets(issuer.secretsFor(WEB, snapshot(builtinMesh("default", null), caSecrets("default", ca), dp), dp, TLS, List.of()));

    assertThat(secrets).containsOnlyKeys("identity_cert:secret:default", "mesh_ca:secret:default");
    X509Certificate cert = certificate(secrets);
    assertThat(cert.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly(
        "spiffe://default/web", "kuma://kuma.io/protocol/http", "kuma://kuma.io/service/web", "kuma://version/v1");
    assertThat(cert.getSubjectX500Principal().getName()).isEmpty();
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
    cert.verify(ca.certificate().getPublicKey());
    // Default lifetime 24h, NotBefore 10 s back for peers whose clock is behind.
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(T0.minusSeconds(10));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(Pem.privateKey(secrets.get("identity_cert:secret:default").getTlsCertificate().getPrivateKey()
        .getInlineBytes().toStringUtf8()).getAlgorithm()).isEqualTo("EC");
    assertThat(secrets.get("mesh_ca:secret:default").getValidationContext().getTrustedCa().getInlineBytes().toStringUtf8())
        .isEqualTo(ca.certificatePem());
  }

  @Test
  void renewedAtFourFifthsOfItsLifetimeAndNotBefore() {
    Resource dp = dataplane("default", "web-1", "web", "v1");
    MeshSnapshot mesh = snapshot(builtinMesh("default", "1m"), caSecrets("default", ca), dp);
    IdentitySecrets first = issuer.secretsFor(WEB, mesh, dp, TLS, List.of());
    assertThat(first.renewAt()).isEqualTo(T0.plusSeconds(48));

    clock.advance(Duration.ofSeconds(47));
    assertThat(issuer.secretsFor(WEB, mesh, dp, TLS, List.of()).secrets()).isEqualTo(first.secrets());
    clock.advance(Duration.ofSeconds(1));
    IdentitySecrets second = issuer.secretsFor(WEB, mesh, dp, TLS, List.of());

    assertThat(second.secrets()).isNotEqualTo(first.secrets());
    assertThat(second.renewAt()).isEqualTo(T0.plusSeconds(48 + 48));
    assertThat(certificate(secrets(second)).getNotAfter().toInstant()).isEqualTo(T0.plusSeconds(48 + 60));
    assertThat(issued).extracting(ProxyIdentity::regenerations).containsExactly(1L, 2L);
    // The CA secret did not change: only the identity did.
    assertThat(secrets(second).get("mesh_ca:secret:default")).isEqualTo(secrets(first).get("mesh_ca:secret:default"));
  }

  @Test
  void newTagsOrAnotherCaMeanANewCertificateAnUnrelatedChangeDoesNot() {
    Resource dp = dataplane("default", "web-1", "web", "v1");
    MeshSnapshot mesh = snapshot(builtinMesh("default", null), caSecrets("default", ca), dp);
    issuer.secretsFor(WEB, mesh, dp, TLS, List.of());
    Resource other = dataplane("default", "api-1", "api", "v1");
    issuer.secretsFor(WEB, snapshot(builtinMesh("default", null), caSecrets("default", ca), dp, other), dp, TLS, List.of());
    assertThat(issued).hasSize(1);

    Resource v2 = dataplane("default", "web-1", "web", "v2");
    IdentitySecrets retagged = issuer.secretsFor(WEB, snapshot(builtinMesh("default", null), caSecrets("default", ca), v2), v2, TLS, List.of());
    assertThat(certificate(secrets(retagged)).toString()).contains("kuma://version/v2");

    IssuedCertificate newCa = TestMeshes.newCa("default");
    IdentitySecrets resigned = issuer.secretsFor(WEB, snapshot(builtinMesh("default", null), caSecrets("default", newCa), v2), v2, TLS, List.of());
    assertThat(issued).hasSize(3);
    assertThat(certificate(secrets(resigned)).getIssuerX500Principal()).isEqualTo(newCa.certificate().getSubjectX500Principal());
  }

  @Test
  void aProvidedCaIsReadFromItsDataSources() throws Exception {
    IssuedCertificate own = TestMeshes.newCa("corp-root");
    Resource mesh = TestMeshes.providedMesh("default", "secret: corp-ca-cert",
        "inline: " + Base64.getEncoder().encodeToString(own.keyPem().getBytes(StandardCharsets.UTF_8)));
    Resource dp = dataplane("default", "web-1", "web", "v1");
    MeshSnapshot snapshot = MeshSnapshot.of(mesh, List.of(TestMeshes.secret("default", "corp-ca-cert", own.certificatePem()), dp));

    Map<String, Secret> secrets = secrets(issuer.secretsFor(WEB, snapshot, dp, new MeshTlsIr("default", "own", MeshTlsIr.Mode.STRICT, false), List.of()));

    certificate(secrets).verify(own.certificate().getPublicKey());
    assertThat(issued).extracting(ProxyIdentity::backend).containsExactly("own");
  }

  @Test
  void withoutItsCaSecretTheErrorNamesTheSecretAndNothingIsIssued() {
    Resource dp = dataplane("default", "web-1", "web", "v1");
    MeshSnapshot noCa = snapshot(builtinMesh("default", null), List.of(), dp);

    assertThatThrownBy(() -> issuer.secretsFor(WEB, noCa, dp, TLS, List.of()))
        .isInstanceOf(IdentityException.class)
        .hasMessage("mesh \"default\" mTLS backend \"ca-1\" (builtin): its CA certificate Secret "
            + "\"default.ca-builtin-cert-ca-1\" does not exist in mesh \"default\" (yet)");
    assertThat(issued).isEmpty();
    assertThat(issuer.identity(WEB)).isEmpty();
  }

  @Test
  void aDataplaneWithoutAServiceHasNoIdentityInKumasWords() {
    Resource dp = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: nameless
        networking:
          address: 10.0.0.1
          inbound:
          - port: 8080
            tags:
              version: v1
        """);
    assertThatThrownBy(() -> issuer.secretsFor(new ProxyId("default", "nameless"),
        snapshot(builtinMesh("default", null), caSecrets("default", ca), dp), dp, TLS, List.of()))
        .hasMessage("dataplane \"nameless\" has no kuma.io/service tag and no kuma.io/workload label, cannot derive mTLS identity");
  }

  @Test
  void aGatewaysIdentityIsItsGatewayService() throws Exception {
    Resource gw = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: edge-1
        networking:
          address: 10.0.0.2
          gateway:
            type: BUILTIN
            tags:
              kuma.io/service: edge
        """);
    Map<String, Secret> secrets = secrets(issuer.secretsFor(new ProxyId("default", "edge-1"),
        snapshot(builtinMesh("default", null), caSecrets("default", ca), gw), gw, TLS, List.of()));
    assertThat(certificate(secrets).getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
        .containsExactly("spiffe://default/edge", "kuma://kuma.io/service/edge");
  }

  @Test
  void aCrossMeshListenerGetsEveryMtlsMeshsCa() {
    Resource dp = dataplane("default", "web-1", "web", "v1");
    IssuedCertificate otherCa = TestMeshes.newCa("other");
    MeshSnapshot own = snapshot(builtinMesh("default", null), caSecrets("default", ca), dp);
    MeshSnapshot other = snapshot(builtinMesh("other", null), caSecrets("other", otherCa));
    MeshSnapshot plain = MeshSnapshot.of(ResourceCodec.decode("type: Mesh\nname: plain\n"), List.of());

    Map<String, Secret> secrets = secrets(issuer.secretsFor(WEB, own, dp,
        new MeshTlsIr("default", "ca-1", MeshTlsIr.Mode.STRICT, true), List.of(own, other, plain)));

    assertThat(secrets).containsOnlyKeys("identity_cert:secret:default", "mesh_ca:secret:default", "mesh_ca:secret:all");
    assertThat(Pem.certificates(secrets.get("mesh_ca:secret:all").getValidationContext().getTrustedCa().getInlineBytes().toStringUtf8()))
        .containsExactly(ca.certificate(), otherCa.certificate());
  }

  @Test
  void noKeyInAnyToString() {
    Resource dp = dataplane("default", "web-1", "web", "v1");
    issuer.secretsFor(WEB, snapshot(builtinMesh("default", null), caSecrets("default", ca), dp), dp, TLS, List.of());
    ProxyIdentity identity = issuer.identity(WEB).orElseThrow();
    String keyLine = identity.keyPem().lines().skip(1).findFirst().orElseThrow();
    assertThat(identity.toString()).doesNotContain(keyLine).contains("key=<hidden>");
    assertThat(MeshCaReader.read(snapshot(builtinMesh("default", null), caSecrets("default", ca))).orElseThrow().toString())
        .doesNotContain(ca.keyPem().lines().skip(1).findFirst().orElseThrow());
  }

  static Map<String, Secret> secrets(IdentitySecrets s) {
    return s.secrets().stream().collect(Collectors.toMap(Secret::getName, Function.identity()));
  }

  static X509Certificate certificate(Map<String, Secret> secrets) {
    return Pem.certificates(secrets.get("identity_cert:secret:default").getTlsCertificate().getCertificateChain()
        .getInlineBytes().toStringUtf8()).get(0);
  }
}
