package dev.atrium.e2e.agent;

import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged atrium-dp run as a real process, as an operator runs it; for tests. */
public final class AgentProcess {
  static final Path JAR = RepoPaths.root().resolve("cli/atrium-dp/target/quarkus-app/quarkus-run.jar");

  public record Result(int exitCode, String stdout, String stderr, Duration elapsed) {}

  private AgentProcess() {}

  public static Result run(Duration timeout, String... args) throws Exception {
    return run(timeout, Map.of(), args);
  }

  /** With these environment variables added to the test JVM's (such as kuma-dp's {@code KUMA_CONTROL_PLANE_CA_CERT}). */
  public static Result run(Duration timeout, Map<String, String> env, String... args) throws Exception {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: these tests run in the package phase, after the Quarkus build");
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("atrium-dp-out-", ".log");
    Path err = Files.createTempFile("atrium-dp-err-", ".log");
    try {
      long start = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("atrium-dp did not exit within " + timeout + "; stderr:\n" + read(err));
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new Result(p.exitValue(), read(out), read(err), elapsed);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
