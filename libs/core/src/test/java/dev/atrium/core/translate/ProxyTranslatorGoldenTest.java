package dev.atrium.core.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.ir.IrYaml;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.testsupport.TranslateCases.Case;
import dev.atrium.core.validation.Validator;
import dev.atrium.core.validation.Violation;
import dev.atrium.testing.Golden;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stage {@code MeshSnapshot + proxy ─► IR}: every case's {@code in.yaml} translates to its {@code ir.yaml}.
 * Regenerate with {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl libs/core}, then read every diff.
 */
class ProxyTranslatorGoldenTest {


  static Stream<String> cases() {
    return TranslateCases.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesToTheRecordedIr(String name) {
    Case c = TranslateCases.load(name);
    ProxyIr ir = c.translate();
    assertThat(TranslateCases.load(name).translate())
        .as("translating the same input again gives an equal IR").isEqualTo(ir);
    Golden.assertMatches(c.dir().resolve("ir.yaml"), IrYaml.render(ir));
  }

  /** Inputs are resources the store would accept: the translator is never tested on what cannot exist. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inputsAreValidResources(String name) {
    List<Resource> resources = TranslateCases.load(name).resources();
    // Certificates given as a mesh Secret are read from the case's own Secrets, as the store would.
    Validator validator = new Validator((mesh, secret) -> resources.stream()
        .filter(r -> r.kind() == ResourceKind.SECRET && r.name().equals(secret) && mesh.equals(r.mesh()))
        .findFirst().map(r -> r.specAs(SecretSpec.class).data()));
    for (Resource r : resources) {
      List<Violation> violations = validator.validate(r);
      assertThat(violations).as(r.describe()).isEmpty();
    }
  }

  @Test
  void theCasesCoverWhatTheIssueAsks() {
    assertThat(cases().toList()).contains("sidecar-http", "sidecar-tcp-outbound", "inbound-defaults",
        "delegated-kong-seed", "endpoint-selection", "outbound-without-endpoints", "builtin-gateway-seed",
        "builtin-gateway-http-seed", "builtin-gateway-tcp-seed", "builtin-gateway-hostnames",
        "builtin-gateway-merged-listeners", "builtin-gateway-matches", "builtin-gateway-filters",
        "builtin-gateway-weighted", "builtin-gateway-no-route", "builtin-gateway-selection",
        "builtin-gateway-meshhttproute", "builtin-gateway-meshtcproute", "builtin-gateway-newer-kind-wins",
        "builtin-gateway-https-sni", "builtin-gateway-tls-passthrough", "builtin-gateway-tls-terminate",
        "builtin-gateway-http-and-https", "sidecar-transparent-proxy", "delegated-transparent-proxy",
        "transparent-proxy-passthrough-off", "builtin-gateway-transparent-proxy-ignored",
        // Issue 13: mesh TLS on the wire, traffic permissions as RBAC, cross-mesh gateways.
        "mtls-strict-sidecar", "mtls-permissive-sidecar", "mtls-delegated-gateway-outbounds",
        "mtls-builtin-gateway-backends", "mtls-rbac-meshtrafficpermission", "mtls-rbac-legacy-trafficpermission",
        "mtls-rbac-tcp", "mtls-no-permission-denies-all", "mtls-cross-mesh-listener", "cross-mesh-listener-mtls-off",
        "mtls-cross-mesh-outbound");
  }
}
