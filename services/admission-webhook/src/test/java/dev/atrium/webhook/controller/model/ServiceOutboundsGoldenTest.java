package dev.atrium.webhook.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.testing.Golden;
import dev.atrium.webhook.controller.ControllerGoldenCases;
import dev.atrium.webhook.controller.model.ServiceOutbounds.MeshEndpoints;
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
 * A Pod's Dataplane and its mesh in, the Dataplane's outbounds out: every case in
 * {@code src/test/resources/controller/outbounds} ({@code pod}, {@code services} — every Service of the
 * cluster —, {@code dataplanes} — the mesh's Dataplanes in the store, universal YAML) next to the
 * {@code networking.outbound} the reconciler's desire step writes. The Pod's own Dataplane is made by
 * {@link DataplaneForPod} from the Services of its namespace, as in the reconciler. Regenerate with
 * {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl services/admission-webhook}.
 */
class ServiceOutboundsGoldenTest {
  static final Validator VALIDATOR = new Validator(SecretLookup.unavailable());

  static Stream<Path> cases() {
    return ControllerGoldenCases.inputs("outbounds").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void podsDataplaneGetsTheMeshServicesAsOutbounds(Path input) {
    JsonNode c = ControllerGoldenCases.read(input);
    Pod pod = ControllerGoldenCases.kube(c.path("pod"), Pod.class);
    List<Service> services = new ArrayList<>();
    c.path("services").forEach(s -> services.add(ControllerGoldenCases.kube(s, Service.class)));
    List<DataplaneSpec> stored = new ArrayList<>();
    c.path("dataplanes").forEach(dp -> stored.add(ResourceCodec.decode(dp).specAs(DataplaneSpec.class)));
    List<Service> sameNamespace = services.stream()
        .filter(s -> s.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())).toList();

    DataplaneForPod.Decision decision = new DataplaneForPod(Optional.empty())
        .decide(pod, sameNamespace, null, p -> new DataplaneForPod.Workload("web", "Deployment"));
    assertThat(decision).isInstanceOf(DataplaneForPod.Want.class);
    DesiredDataplane desired = ((DataplaneForPod.Want) decision).dataplane();
    DataplaneSpec spec = desired.spec();
    MeshEndpoints mesh = MeshEndpoints.of(stored).with(spec);
    List<DataplaneSpec.Outbound> outbounds = ServiceOutbounds.of(spec, mesh, (ns, name) -> services.stream()
        .filter(s -> s.getMetadata().getNamespace().equals(ns) && s.getMetadata().getName().equals(name))
        .findFirst().orElse(null));

    Golden.assertMatches(ControllerGoldenCases.output(input), render(outbounds));
    assertThat(VALIDATOR.validate(desired.withOutbounds(outbounds).resource()))
        .as("the store accepts the Dataplane with its outbounds").isEmpty();
  }

  static String render(List<DataplaneSpec.Outbound> outbounds) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("outbound", Mappers.JSON.valueToTree(outbounds));
    try {
      return Mappers.YAML.writeValueAsString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
