package dev.atrium.ctl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** atriumctl's config file: kumactl's layout, tokens kept private, names not silently replaced. */
class CtlConfigFileTest {
  @TempDir
  Path dir;

  @Test
  void aControlPlaneWithATokenIsKeptInKumactlsLayoutReadableOnlyByItsOwner() throws Exception {
    Path file = dir.resolve("home/.atriumctl/config");
    CtlConfigFile config = CtlConfigFile.load(file);
    assertThat(config.current()).isEmpty();
    assertThat(config.add(new ControlPlane("prod", "https://cp:5682", "tokens", Map.of("token", "abc.def.ghi")), false)).isTrue();
    config.save();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    String yaml = Files.readString(file);
    assertThat(yaml).contains("currentContext: prod").contains("controlPlane: prod").contains("authType: tokens");
    ControlPlane current = CtlConfigFile.load(file).current().orElseThrow();
    assertThat(current.url()).isEqualTo("https://cp:5682");
    assertThat(current.token()).isEqualTo("abc.def.ghi");
    assertThat(current.toString()).doesNotContain("abc.def.ghi");
  }

  @Test
  void aTakenNameNeedsOverwriteAndOtherEntriesStay() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, """
        contexts:
        - controlPlane: a
          defaults: {mesh: demo}
          name: a
        controlPlanes:
        - coordinates: {apiServer: {url: "http://a:5681", headers: [{key: x, value: y}]}}
          name: a
        currentContext: a
        """);
    CtlConfigFile config = CtlConfigFile.load(file);
    assertThat(config.add(new ControlPlane("a", "http://other:5681", null, null), false)).isFalse();
    assertThat(config.add(new ControlPlane("b", "http://b:5681", "tokens", Map.of("token", "t")), false)).isTrue();
    config.save();
    CtlConfigFile reread = CtlConfigFile.load(file);
    assertThat(reread.current().orElseThrow().name()).isEqualTo("b");
    assertThat(Files.readString(file)).contains("http://a:5681").contains("mesh: demo").contains("key: x");
    assertThat(reread.add(new ControlPlane("a", "http://a2:5681", null, null), true)).isTrue();
    assertThat(reread.current().orElseThrow().url()).isEqualTo("http://a2:5681");
  }
}
