package dev.atrium.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {
  @TempDir
  Path tmp;

  @Test
  void aGivenDirectoryIsCreatedWithItsParentsAndKept() {
    Path wanted = tmp.resolve("a/b/work");

    WorkDir dir = WorkDir.prepare(wanted, "default", "gw-1");
    Path bootstrap = dir.writeBootstrap("admin: {}\n");
    dir.cleanup();

    assertThat(dir.temporary()).isFalse();
    assertThat(dir.path()).isEqualTo(wanted);
    assertThat(bootstrap).isEqualTo(wanted.resolve("bootstrap.yaml")).hasContent("admin: {}");
  }

  @Test
  void aRelativeDirectoryBecomesAbsoluteForTheControlPlane() {
    WorkDir dir = WorkDir.prepare(Path.of("target", "workdir-test"), "default", "gw-1");

    assertThat(dir.path()).isAbsolute().endsWith(Path.of("target", "workdir-test"));
  }

  @Test
  void anExistingDirectoryIsReusedAndTheBootstrapReplaced() throws Exception {
    Files.writeString(tmp.resolve("bootstrap.yaml"), "old");

    WorkDir.prepare(tmp, "default", "gw-1").writeBootstrap("new");

    assertThat(tmp.resolve("bootstrap.yaml")).hasContent("new");
  }

  @Test
  void aFileInTheWayIsAnError() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");

    assertThatThrownBy(() -> WorkDir.prepare(file, "default", "gw-1"))
        .isInstanceOf(AgentException.class).hasMessage("Error: --work-dir " + file + " exists and is not a directory");
  }

  @Test
  void withoutOneATempDirectoryNamedAfterTheDataplaneIsUsedAndRemoved() {
    WorkDir dir = WorkDir.prepare(null, "default", "gw/1");
    dir.writeBootstrap("admin: {}\n");

    assertThat(dir.temporary()).isTrue();
    assertThat(dir.path().getFileName().toString()).startsWith("atrium-dp-default-gw_1-");
    assertThat(dir.path()).isDirectory();

    dir.cleanup();
    assertThat(dir.path()).doesNotExist();
  }
}
