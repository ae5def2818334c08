package dev.atrium.webhook.controller.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceEncoder;
import dev.atrium.testing.Golden;
import dev.atrium.webhook.controller.ControllerGoldenCases;
import io.fabric8.kubernetes.api.model.Namespace;
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
 * Pod + Services in, Dataplane out: every case in {@code src/test/resources/controller/dataplane}
 * ({@code pod}, {@code services}, optional {@code namespace}, {@code workload} and {@code zone}) next to
 * the decision and the Dataplane in universal YAML with its labels. Regenerate with
 * {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl services/admission-webhook}.
 */
class DataplaneForPodGoldenTest {
  static Stream<Path> cases() {
    return ControllerGoldenCases.inputs("dataplane").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void podBecomesDataplane(Path input) {
    JsonNode c = ControllerGoldenCases.read(input);
    Pod pod = ControllerGoldenCases.kube(c.path("pod"), Pod.class);
    List<Service> services = new ArrayList<>();
    c.path("services").forEach(s -> services.add(ControllerGoldenCases.kube(s, Service.class)));
    Namespace namespace = c.has("namespace") ? ControllerGoldenCases.kube(c.path("namespace"), Namespace.class) : null;
    DataplaneForPod.Workload workload = new DataplaneForPod.Workload(c.path("workload").path("name").asText("web"),
        c.path("workload").path("kind").asText("Deployment"));
    DataplaneForPod model = new DataplaneForPod(Optional.ofNullable(c.path("zone").asText(null)));

    DataplaneForPod.Decision decision = model.decide(pod, services, namespace, p -> workload);

    Golden.assertMatches(ControllerGoldenCases.output(input), render(decision));
  }

  static String render(DataplaneForPod.Decision decision) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (decision instanceof DataplaneForPod.Want want) {
      out.put("decision", "Want");
      out.set("dataplane", ResourceEncoder.toUniversal(want.dataplane().resource()));
    } else if (decision instanceof DataplaneForPod.NoDataplane none) {
      out.put("decision", "NoDataplane").put("reason", none.reason());
    } else {
      out.put("decision", "Invalid").put("reason", ((DataplaneForPod.Invalid) decision).reason());
    }
    try {
      return Mappers.YAML.writeValueAsString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
