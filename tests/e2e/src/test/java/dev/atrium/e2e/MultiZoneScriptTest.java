package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/local/multizone.sh parses, and its --help (which starts nothing) names the ports a user may
 * change. The script itself runs three control planes for minutes: it was run by hand (docs/multizone.md),
 * and what it starts is what MultiZoneTrafficE2ETest starts.
 */
class MultiZoneScriptTest {
  private static final Path SCRIPT = RepoPaths.root().resolve("deploy/local/multizone.sh");

  @Test
  void parses() throws Exception {
    Result r = bash("-n", SCRIPT.toString());
    assertThat(r.exit).as(r.output).isZero();
  }

  @Test
  void helpSaysWhatItStartsAndStartsNothing() throws Exception {
    Result r = bash(SCRIPT.toString(), "--help");
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("Usage: deploy/local/multizone.sh", "ATRIUM_MZ_GLOBAL_GRPC_PORT (5685",
        "ATRIUM_MZ_ZONE1_XDS_PORT (15678)", "ATRIUM_MZ_ZONE2_HTTP_PORT (25681)").doesNotContain("starting global");
  }

  @Test
  void refusesAnUnknownArgument() throws Exception {
    Result r = bash(SCRIPT.toString(), "--bogus");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.output).contains("unknown argument: --bogus");
  }

  private record Result(int exit, String output) {}

  private static Result bash(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "bash";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
