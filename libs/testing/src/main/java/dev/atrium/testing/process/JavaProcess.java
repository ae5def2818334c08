package dev.atrium.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus application started as a real child process, as an operator would run it: its
 * output goes to a log file (printed when it fails to start), and it can be stopped gently or killed
 * with SIGKILL to test crash safety. Its JVM flags are the deployed ones ({@link JvmOptions}).
 */
public final class JavaProcess implements AutoCloseable {
  private final Path jar;
  private final Map<String, String> env;
  private final List<String> systemProps;
  private final Path log;
  private Process process;
  private JvmOptions.AotFlags aot = JvmOptions.AotFlags.NONE;

  public JavaProcess(Path jar, Map<String, String> env, List<String> systemProps, Path log) {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " does not exist: build it first with `mvn -o verify` (or `mvn -o package -DskipTests`)");
    }
    this.jar = jar;
    this.env = env;
    this.systemProps = systemProps;
    this.log = log;
  }

  public JavaProcess start() {
    List<String> cmd = new ArrayList<>(List.of(JvmOptions.javaBinary()));
    cmd.addAll(JvmOptions.of(serviceName()));
    aot = JvmOptions.aot(serviceName(), jar);
    cmd.addAll(aot.flags());
    cmd.addAll(systemProps);
    cmd.add("-jar");
    cmd.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Waits until GET {@code url} answers 200, polling every 100 ms, or fails with the process's log. */
  public void awaitReady(String url, Duration timeout) {
    awaitReady(url, timeout, Duration.ofMillis(100));
  }

  /**
   * As {@link #awaitReady(String, Duration)}, polling every {@code pollInterval}: a benchmark timing the start
   * (bench/footprint) polls every 10 ms, since 100 ms would be the granularity of its figure.
   */
  public void awaitReady(String url, Duration timeout, Duration pollInterval) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).sslContext(TrustedCas.sslContext()).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("process exited with " + process.exitValue() + ":\n" + logTail());
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(pollInterval.toMillis());
    }
    throw new IllegalStateException("not ready after " + timeout + ":\n" + logTail());
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed by the application. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM and wait, as an orchestrator stops a service. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor();
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Resident set size of the process now, from /proc/<pid>/status (Linux only). */
  public long rssKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        // "VmRSS:\t  123456 kB"
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).replace("kB", "").trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the RSS of process " + pid(), e);
    }
    throw new IllegalStateException("no VmRSS line for process " + pid() + " (has it exited?)");
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      // A start training its AOT cache writes it on a normal exit only.
      if (aot.training()) {
        process.destroy();
        try {
          process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      process.destroyForcibly();
      waitFor();
    }
  }

  /** services/<name>/target/quarkus-app/quarkus-run.jar → name: the key of its AOT cache. */
  private String serviceName() {
    Path module = jar.toAbsolutePath().getParent().getParent().getParent();
    return module == null ? jar.getFileName().toString() : module.getFileName().toString();
  }

  private void waitFor() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
