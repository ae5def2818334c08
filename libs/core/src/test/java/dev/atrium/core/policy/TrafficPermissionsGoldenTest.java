package dev.atrium.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.policy.InboundPermissions.Action;
import dev.atrium.core.policy.InboundPermissions.Rule;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.testing.Golden;
import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TrafficPermissions#forInbound}: each case under {@code src/test/resources/policy/permissions/}
 * holds overlapping permissions, the rules every inbound of its Dataplane gets ({@code permissions.yaml},
 * regenerated with {@code UPDATE_GOLDEN_FILES=true}), and lines {@code # expect <service> <- tag=v,...: ACTION}
 * naming what a caller with those certificate tags gets at that inbound (DENY when no rule matches).
 */
class TrafficPermissionsGoldenTest {
  static final Path DIR = RepoPaths.root().resolve("libs/core/src/test/resources/policy/permissions");
  private static final Pattern DATAPLANE = Pattern.compile("^# dataplane: (\\S+)\\s*$", Pattern.MULTILINE);
  private static final Pattern EXPECT = Pattern.compile("^# expect (\\S+) <- (\\S+): (\\S+)\\s*$", Pattern.MULTILINE);

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(DIR)) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void callersGetWhatKumaGivesThem(String name) throws IOException {
    String input = Files.readString(DIR.resolve(name).resolve("in.yaml"));
    List<Resource> resources = ResourceCodec.decodeAll(input);
    MeshSnapshot mesh = TranslateCases.snapshot(resources);
    Matcher dp = DATAPLANE.matcher(input);
    assertThat(dp.find()).as("a '# dataplane:' line").isTrue();
    Resource dataplane = mesh.dataplane(dp.group(1)).orElseThrow();

    Map<String, Object> rendered = new LinkedHashMap<>();
    Map<String, InboundPermissions> byService = new LinkedHashMap<>();
    for (DataplaneSpec.Inbound inbound : dataplane.specAs(DataplaneSpec.class).networking().inbound()) {
      InboundPermissions permissions = TrafficPermissions.forInbound(mesh, dataplane, inbound.tags());
      byService.put(inbound.tags().get(KumaTags.SERVICE), permissions);
      rendered.put(inbound.tags().get(KumaTags.SERVICE), permissions.rules().isEmpty() ? "DENY_ALL" : permissions.rules());
    }
    Matcher expect = EXPECT.matcher(input);
    int expectations = 0;
    while (expect.find()) {
      expectations++;
      InboundPermissions permissions = byService.get(expect.group(1));
      assertThat(permissions).as("inbound " + expect.group(1)).isNotNull();
      assertThat(decide(permissions, tags(expect.group(2))))
          .as("%s calling %s (%s)", expect.group(2), expect.group(1), name).isEqualTo(expect.group(3));
    }
    assertThat(expectations).as("expectations in " + name).isPositive();
    Golden.assertMatches(DIR.resolve(name).resolve("permissions.yaml"), Mappers.YAML.writeValueAsString(rendered));
  }

  /** What Envoy's RBAC does with the rules: the first rule whose callers the caller matches decides. */
  static String decide(InboundPermissions permissions, Map<String, String> caller) {
    for (Rule rule : permissions.rules()) {
      if (!carries(caller, rule.callers())) continue;
      if (rule.except().stream().anyMatch(e -> carries(caller, e))) continue;
      return rule.action().name();
    }
    return Action.DENY.name();
  }

  private static boolean carries(Map<String, String> caller, Map<String, String> tags) {
    return tags.entrySet().stream().allMatch(t -> t.getValue().equals(caller.get(t.getKey())));
  }

  private static Map<String, String> tags(String spec) {
    Map<String, String> tags = new TreeMap<>();
    for (String pair : spec.split(",")) {
      String[] kv = pair.split("=", 2);
      tags.put(kv[0], kv[1]);
    }
    return tags;
  }
}
