package dev.atrium.dp.envoy;

import dev.atrium.dp.AgentException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Envoy as a child process, started from a bootstrap file. */
public final class EnvoyProcess {
  private final Process process;

  private EnvoyProcess(Process process) {
    this.process = process;
  }

  /**
   * The command line. No hot restart: it needs a shared-memory region per base id, and several
   * Envoys run side by side on one machine (tests, a gateway next to sidecars). A short drain time,
   * because a stopping agent should not hold its caller for Envoy's default 10 minutes.
   */
  public static List<String> command(Path envoy, Path bootstrap) {
    return List.of(envoy.toString(), "-c", bootstrap.toString(), "--disable-hot-restart", "--log-level", "info",
        "--drain-time-s", "5");
  }

  /** Envoy writing to atrium-dp's own stdout/stderr. */
  public static EnvoyProcess start(Path envoy, Path bootstrap, Path workDir) {
    return start(envoy, bootstrap, workDir, ProcessBuilder.Redirect.INHERIT);
  }

  /** Envoy writing stdout and stderr to {@code output} (tests keep its log in a file). */
  public static EnvoyProcess start(Path envoy, Path bootstrap, Path workDir, ProcessBuilder.Redirect output) {
    ProcessBuilder pb = new ProcessBuilder(command(envoy, bootstrap)).directory(workDir.toFile()).redirectOutput(output);
    if (output == ProcessBuilder.Redirect.INHERIT) {
      pb.redirectError(ProcessBuilder.Redirect.INHERIT); // two streams, as Envoy wrote them
    } else {
      pb.redirectErrorStream(true);
    }
    try {
      Process process = pb.start();
      process.getOutputStream().close(); // Envoy reads nothing from stdin
      return new EnvoyProcess(process);
    } catch (IOException e) {
      throw new AgentException("Error: cannot start Envoy (" + envoy + "): " + e.getMessage());
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Blocks until Envoy exits; its exit code. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * SIGTERM, which Envoy answers with an orderly shutdown; SIGKILL if it is still running after
   * {@code grace}. Returns Envoy's exit code (137 when it had to be killed).
   */
  public int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }
}
