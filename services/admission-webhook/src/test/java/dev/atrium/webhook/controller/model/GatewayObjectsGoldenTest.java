package dev.atrium.webhook.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.testing.Golden;
import dev.atrium.webhook.controller.ControllerGoldenCases;
import dev.atrium.webhook.metadata.ProxyCredentials;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MeshGatewayInstance + MeshGateways in (the Kubernetes or universal YAML a user applies, decoded by
 * the codec as the store would), Deployment + Service out: every case in
 * {@code src/test/resources/controller/gateway}. When no MeshGateway selects the instance the output
 * is the Ready condition that says so. Regenerate with
 * {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl services/admission-webhook}.
 */
class GatewayObjectsGoldenTest {
  static final GatewaySettings SETTINGS = new GatewaySettings("atrium/atrium-dp:test",
      "https://atrium-xds-server.atrium-system.svc:5678", 9901, 9902, 5678, "50m", "64Mi", "1000m", "512Mi", Optional.empty());
  /** A case whose input has a line {@code # control-plane-ca-file: <test resource>} runs with that CA configured. */
  private static final java.util.regex.Pattern CA_LINE = java.util.regex.Pattern.compile("(?m)^# control-plane-ca-file: (\\S+)$");

  static Stream<Path> cases() {
    return ControllerGoldenCases.inputs("gateway").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void instanceBecomesDeploymentAndService(Path input) {
    String text = ControllerGoldenCases.text(input);
    List<Resource> resources = ResourceCodec.decodeAll(text);
    GatewaySettings settings = settings(text);
    Resource stored = resources.stream().filter(r -> r.kind() == ResourceKind.MESH_GATEWAY_INSTANCE).findFirst().orElseThrow();
    GatewayInstance instance = GatewayInstance.of(stored).orElseThrow();
    List<Resource> gateways = resources.stream().filter(r -> r.kind() == ResourceKind.MESH_GATEWAY).toList();

    Optional<Resource> gateway = GatewaySelection.select(instance, gateways);
    String out;
    if (gateway.isEmpty()) {
      InstanceReadiness.Readiness r = InstanceReadiness.noGateway(instance);
      out = "# no MeshGateway selects the instance: no objects\nstatus: \"" + r.status() + "\"\nreason: " + r.reason()
          + "\nmessage: " + r.message() + "\n";
    } else {
      List<Integer> ports = GatewaySelection.ports(gateway.get());
      Deployment deployment = GatewayDeployment.desired(instance, ports, settings, Optional.empty());
      Service service = GatewayService.desired(instance, ports, Optional.empty());
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as("the Deployment selects its own Pods")
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
          .as("the Service selects the gateway Pods").containsAllEntriesOf(service.getSpec().getSelector());
      out = "# MeshGateway " + gateway.get().name() + " selects the instance\n" + ControllerGoldenCases.yaml(deployment, service);
    }
    Golden.assertMatches(ControllerGoldenCases.output(input), out);
  }

  private static GatewaySettings settings(String text) {
    java.util.regex.Matcher ca = CA_LINE.matcher(text);
    if (!ca.find()) return SETTINGS;
    GatewaySettings s = SETTINGS;
    return new GatewaySettings(s.image(), s.controlPlaneAddress(), s.adminPort(), s.readinessPort(), s.uid(), s.cpuRequest(),
        s.memoryRequest(), s.cpuLimit(), s.memoryLimit(), 
        ProxyCredentials.ControlPlaneCa.fromFile(Optional.of(resource(ca.group(1))), "control-plane-ca-file"));
  }

  private static String resource(String name) {
    try {
      return java.nio.file.Path.of(GatewayObjectsGoldenTest.class.getResource("/" + name).toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
