package dev.atrium.webhook.controller.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.testing.Golden;
import dev.atrium.webhook.controller.ControllerGoldenCases;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod + Services (+ Nodes) in, ZoneIngress out: every case in {@code src/test/resources/controller/zoneingress}
 * ({@code pod}, {@code services}, optional {@code nodes}, {@code zone} and {@code systemNamespace}, default
 * {@code kuma-system}) next to the decision and the ZoneIngress in universal YAML with its labels. Regenerate
 * with {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl services/admission-webhook -Dtest=ZoneIngressForPodGoldenTest}.
 */
class ZoneIngressForPodGoldenTest {
  static Stream<Path> cases() {
    return ControllerGoldenCases.inputs("zoneingress").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void podBecomesZoneIngress(Path input) {
    JsonNode c = ControllerGoldenCases.read(input);
    Pod pod = ControllerGoldenCases.kube(c.path("pod"), Pod.class);
    List<Service> services = new ArrayList<>();
    c.path("services").forEach(s -> services.add(ControllerGoldenCases.kube(s, Service.class)));
    List<Node> nodes = new ArrayList<>();
    c.path("nodes").forEach(n -> nodes.add(ControllerGoldenCases.kube(n, Node.class)));
    ZoneIngressForPod model = new ZoneIngressForPod(c.path("systemNamespace").asText("kuma-system"),
        Optional.ofNullable(c.path("zone").asText(null)));

    ZoneIngressForPod.Decision decision = model.decide(pod, services, () -> nodes);

    Golden.assertMatches(ControllerGoldenCases.output(input), render(decision));
  }

  static String render(ZoneIngressForPod.Decision decision) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (decision instanceof ZoneIngressForPod.Want want) {
      out.put("decision", "Want");
      out.set("zoneIngress", ResourceEncoder.toUniversal(want.ingress().resourceOver(null)));
    } else if (decision instanceof ZoneIngressForPod.NoIngress none) {
      out.put("decision", "NoIngress").put("reason", none.reason());
    } else {
      out.put("decision", "Refused").put("reason", ((ZoneIngressForPod.Refused) decision).reason());
    }
    try {
      return Mappers.YAML.writeValueAsString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
