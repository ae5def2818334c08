package dev.atrium.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.testing.Golden;
import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code MeshSnapshot + MeshGateway name ─► GatewayStatus}: each directory under
 * {@code src/test/resources/status/} holds an {@code in.yaml} (a Mesh and its resources; a leading
 * {@code # gateway: NAME} comment names the gateway) and the report as {@code out.yaml}. Regenerate
 * with {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl libs/core -Dtest=GatewayStatusGoldenTest}, then
 * read every diff.
 */
class GatewayStatusGoldenTest {
  static final Path DIR = RepoPaths.root().resolve("libs/core/src/test/resources/status");
  private static final Pattern GATEWAY = Pattern.compile("^# gateway: (\\S+)\\s*$", Pattern.MULTILINE);

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(DIR)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("in.yaml"))).map(d -> d.getFileName().toString())
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsWhatTheGatewayServes(String name) {
    Path dir = DIR.resolve(name);
    String input = read(dir.resolve("in.yaml"));
    Matcher m = GATEWAY.matcher(input);
    assertThat(m.find()).as(dir + "/in.yaml needs a '# gateway: <name>' comment").isTrue();
    MeshSnapshot mesh = TranslateCases.snapshot(ResourceCodec.decodeAll(input));

    GatewayStatus status = GatewayStatusReport.of(mesh, m.group(1)).orElseThrow();
    assertThat(GatewayStatusReport.of(mesh, m.group(1))).as("the same input gives an equal report").contains(status);
    Golden.assertMatches(dir.resolve("out.yaml"), GatewayStatusReport.yaml(status));
  }

  @Test
  void anUnknownGatewayHasNoReport() {
    List<Resource> resources = ResourceCodec.decodeAll("type: Mesh\nname: default\n");
    assertThat(GatewayStatusReport.of(TranslateCases.snapshot(resources), "nope")).isEmpty();
  }

  @Test
  void theCasesCoverEveryReason() throws IOException {
    assertThat(cases().toList()).contains("http-and-tcp", "newer-kind-wins", "conflicts", "unattached",
        "listeners-not-served", "no-dataplane", "subset-backends");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
