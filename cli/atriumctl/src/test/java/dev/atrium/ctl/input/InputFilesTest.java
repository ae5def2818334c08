package dev.atrium.ctl.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.ctl.CliException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
  @TempDir
  Path dir;

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @Test
  void fileIsReadAsIs() throws Exception {
    Path file = Files.writeString(dir.resolve("gw.yaml"), "type: Mesh\nname: default\n");

    List<InputFiles.Source> sources = InputFiles.read(List.of(file.toString()), NO_STDIN);

    assertThat(sources).containsExactly(new InputFiles.Source(file.toString(), "type: Mesh\nname: default\n"));
  }

  @Test
  void dashReadsStdin() {
    List<InputFiles.Source> sources = InputFiles.read(List.of("-"), stdin("type: Mesh\nname: m\n"));

    assertThat(sources).containsExactly(new InputFiles.Source("<stdin>", "type: Mesh\nname: m\n"));
  }

  @Test
  void directoryGivesItsManifestsInNameOrderAndSkipsTheRest() throws Exception {
    Files.writeString(dir.resolve("20-gateway.yml"), "b");
    Files.writeString(dir.resolve("00-mesh.yaml"), "a");
    Files.writeString(dir.resolve("30-route.JSON"), "c");
    Files.writeString(dir.resolve("README.md"), "not a manifest");
    Files.writeString(dir.resolve(".hidden.yaml"), "editor swap");
    Files.createDirectory(dir.resolve("nested.yaml"));

    List<InputFiles.Source> sources = InputFiles.read(List.of(dir.toString()), NO_STDIN);

    assertThat(sources).extracting(InputFiles.Source::text).containsExactly("a", "b", "c");
    assertThat(sources.get(0).name()).endsWith("00-mesh.yaml");
  }

  @Test
  void repeatedFlagsKeepTheirOrder() throws Exception {
    Path a = Files.writeString(dir.resolve("a.yaml"), "A");
    Path b = Files.writeString(dir.resolve("b.yaml"), "B");

    assertThat(InputFiles.read(List.of(b.toString(), "-", a.toString()), stdin("S")))
        .extracting(InputFiles.Source::text).containsExactly("B", "S", "A");
  }

  @Test
  void missingPathEmptyDirectoryAndSecondStdinAreErrors() throws Exception {
    assertThatThrownBy(() -> InputFiles.read(List.of(dir.resolve("nope.yaml").toString()), NO_STDIN))
        .isInstanceOf(CliException.class).hasMessageContaining("no such file or directory");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> InputFiles.read(List.of(empty.toString()), NO_STDIN))
        .isInstanceOf(CliException.class).hasMessageContaining("no .yaml, .yml or .json files");
    assertThatThrownBy(() -> InputFiles.read(List.of("-", "-"), stdin("x")))
        .isInstanceOf(CliException.class).hasMessageContaining("only once");
  }
}
