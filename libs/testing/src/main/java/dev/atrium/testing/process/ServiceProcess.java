package dev.atrium.testing.process;

import dev.atrium.testing.tls.InternalCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged Atrium service run as an operator runs it (same jar, same environment variables) on
 * 127.0.0.1, for end-to-end tests and benchmarks. It can be killed with SIGKILL and started again
 * with the same environment. A shutdown hook kills it if the caller's JVM exits first, because a
 * child JVM would otherwise outlive its parent.
 */
public abstract class ServiceProcess implements AutoCloseable {
  protected final Map<String, String> env = new HashMap<>();
  private final Path jar;
  private final Path workDir;
  private final String logName;
  private final Thread killOnExit = new Thread(this::stopProcess, "atrium-service-kill");
  private JavaProcess process;
  private Duration readinessPoll = Duration.ofMillis(100);

  /** A service whose log file and internal certificate are both named {@code service}. */
  protected ServiceProcess(Path jar, Path workDir, String service) {
    this(jar, workDir, service, service);
  }

  /**
   * Every service gets its own certificate from the test JVM's internal CA ({@link InternalCertificates}),
   * so the services call each other over mutual TLS as deployed.
   */
  protected ServiceProcess(Path jar, Path workDir, String logName, String service) {
    this.jar = jar;
    this.workDir = workDir;
    this.logName = logName;
    env.putAll(InternalCertificates.shared().env(service));
  }

  /** Sets an environment variable of the process (a setting such as {@code ATRIUM_XDS_KEEPALIVE_TIME}). Before {@link #start()}. */
  @SuppressWarnings("unchecked")
  public <T extends ServiceProcess> T withEnv(String name, String value) {
    env.put(name, value);
    return (T) this;
  }

  /** Removes an environment variable (such as one of the internal TLS files, to see the service refuse to start). Before {@link #start()}. */
  @SuppressWarnings("unchecked")
  public <T extends ServiceProcess> T withoutEnv(String name) {
    env.remove(name);
    return (T) this;
  }

  /**
   * How often {@link #start()} asks the readiness URL (100 ms unless set): a benchmark that times the start
   * sets 10 ms so the polling does not dominate what it measures. Before {@link #start()}.
   */
  @SuppressWarnings("unchecked")
  public <T extends ServiceProcess> T readinessPoll(Duration interval) {
    readinessPoll = interval;
    return (T) this;
  }

  /** The URL that answers 200 once the service is ready. */
  protected abstract String readyUrl();

  /** Starts the process and waits until it is ready; on failure nothing is left running. */
  @SuppressWarnings("unchecked")
  public <T extends ServiceProcess> T start() {
    try {
      Files.createDirectories(workDir);
      if (process == null) Runtime.getRuntime().addShutdownHook(killOnExit);
      process = new JavaProcess(jar, env, List.of(), workDir.resolve(logName + ".log")).start();
      process.awaitReady(readyUrl(), Duration.ofSeconds(60), readinessPoll);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return (T) this;
  }

  /** SIGKILL, then start again with the same environment (same data and ports). */
  public void killAndRestart() {
    process.kill();
    start();
  }

  /** SIGTERM, and wait until it exited: the service shuts down as under an orchestrator. */
  public void stop() {
    process.stop();
  }

  /** SIGKILL only. */
  public void kill() {
    process.kill();
  }

  public long rssKiB() {
    return process.rssKiB();
  }

  public long pid() {
    return process.pid();
  }

  /** The JVM flags the service really runs with (-X..., -XX:...), read from /proc rather than assumed. */
  public String jvmFlags() {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
      List<String> flags = new ArrayList<>();
      for (String arg : new String(raw, StandardCharsets.UTF_8).split("\0")) {
        if (arg.startsWith("-X")) flags.add(arg);
      }
      return String.join(" ", flags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String logTail() {
    return process == null ? "" : process.logTail();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      return; // the hook is running and stops the process itself
    }
    stopProcess();
  }

  private void stopProcess() {
    if (process != null) process.close();
  }
}
