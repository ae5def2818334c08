package dev.atrium.testing.prometheus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a Prometheus program is: {@code $<env>} when set, else {@code name} on PATH; missing says how to install it. */
final class PrometheusBinaries {
  static final String INSTALL_HINT = "run .ci/install-tools.sh (installs Debian's prometheus package, which has promtool)";

  private PrometheusBinaries() {}

  static Path find(String env, String name) {
    String fromEnv = System.getenv(env);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path p = Path.of(fromEnv);
      if (!Files.isExecutable(p)) throw new IllegalStateException("$" + env + " is " + fromEnv + ", which is not executable");
      return p;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(p)) return p;
    }
    throw new IllegalStateException(name + " not found (set $" + env + " or put it on PATH): " + INSTALL_HINT);
  }
}
