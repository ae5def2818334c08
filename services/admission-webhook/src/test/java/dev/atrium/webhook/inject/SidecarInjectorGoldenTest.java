package dev.atrium.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.Golden;
import dev.atrium.webhook.GoldenCases;
import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.metadata.ProxyCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod in, JSON Patch out: every case in {@code src/test/resources/inject}. Each patch is also applied
 * (zjsonpatch, as the API server does) and the result injected again, which must change nothing. The
 * injector's listener (the injections metric) hears of a patched Pod once, in its mode, and of nothing else.
 * Regenerate with {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl services/admission-webhook}.
 */
class SidecarInjectorGoldenTest {
  static final InjectionSettings SETTINGS = new InjectionSettings("atrium/atrium-dp:test", "kumahq/kuma-init:test",
      "https://atrium-xds-server.atrium-system.svc:5678", false, 5678, 9901, 9902, 15006, 15001, "50m", "64Mi", "1000m",
      "512Mi", Optional.empty());

  static Stream<Path> cases() {
    return GoldenCases.inputs("inject").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void injects(Path input) {
    JsonNode c = GoldenCases.read(input);
    List<Boolean> heard = new ArrayList<>();
    SidecarInjector injector = injector(c, heard::add);
    JsonNode pod = c.path("pod");
    Verdict verdict = injector.inject(pod, GoldenCases.namespace(c));

    Golden.assertMatches(GoldenCases.output(input), GoldenCases.render(pod, verdict));

    boolean gateway = Set.of("enabled", "provided").contains(pod.at("/metadata/annotations/kuma.io~1gateway").asText());
    assertThat(heard).as("injections heard").isEqualTo(verdict instanceof Verdict.Patch ? List.of(gateway) : List.of());
    if (verdict instanceof Verdict.Patch) {
      JsonNode injected = GoldenCases.applied(pod, verdict);
      assertThat(injector.inject(injected, GoldenCases.namespace(c))).as("injecting twice").isInstanceOf(Verdict.Allow.class);
      assertThat(heard).as("injections heard after injecting twice").hasSize(1);
    }
  }

  private static SidecarInjector injector(JsonNode c, SidecarInjector.Listener listener) {
    Set<String> meshes = new HashSet<>();
    c.path("meshes").forEach(m -> meshes.add(m.asText()));
    if (!c.has("meshes")) meshes.add("default");
    // Per case: nativeSidecar: true; controlPlaneCaFile: a test resource with the xds-server's CA.
    JsonNode ca = c.path("controlPlaneCaFile");
    InjectionSettings settings = new InjectionSettings(SETTINGS.sidecarImage(), SETTINGS.initImage(),
        SETTINGS.controlPlaneAddress(), c.path("nativeSidecar").asBoolean(false), SETTINGS.sidecarUid(),
        SETTINGS.envoyAdminPort(), SETTINGS.readinessPort(), SETTINGS.inboundRedirectPort(), SETTINGS.outboundRedirectPort(),
        SETTINGS.cpuRequest(), SETTINGS.memoryRequest(), SETTINGS.cpuLimit(), SETTINGS.memoryLimit(),
        ca.isMissingNode() ? Optional.empty()
            : ProxyCredentials.ControlPlaneCa.fromFile(Optional.of(resource(ca.asText())), "controlPlaneCaFile"));
    return new SidecarInjector(settings, meshes::contains, listener);
  }

  static String resource(String name) {
    try {
      return Path.of(SidecarInjectorGoldenTest.class.getResource("/" + name).toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
