package dev.atrium.testing.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's {@code promtool} (Debian's 2.42, what {@code .ci/install-tools.sh} installs):
 * {@code $ATRIUM_PROMTOOL}, else {@code promtool} on PATH. Missing is a failure that says how to
 * install it, never a skipped test.
 */
public final class Promtool {
  public static final String ENV = "ATRIUM_PROMTOOL";

  private Promtool() {}

  public static Path path() {
    return PrometheusBinaries.find(ENV, "promtool");
  }


  /** What {@code promtool check metrics} finds in the exposition, as {@code curl URL | promtool check metrics} prints it. */
  public record Check(int exitCode, List<String> problems) {
    public boolean clean() {
      return exitCode == 0 && problems.isEmpty();
    }

    @Override
    public String toString() {
      return "promtool check metrics exited " + exitCode + (problems.isEmpty() ? "" : ":\n" + String.join("\n", problems));
    }
  }

  public static Check checkMetrics(String exposition) {
    try {
      Process p = new ProcessBuilder(path().toString(), "check", "metrics").redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(exposition.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("promtool check metrics did not finish in 30s");
      }
      return new Check(p.exitValue(), out.lines().filter(l -> !l.isBlank()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
