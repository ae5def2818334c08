package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.envoy.EnvoyAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code atrium-dp run} as a real process (the launcher script, as a user runs it) with its Envoy
 * child. {@link #stop()} sends SIGTERM like an orchestrator; {@link #close()} also makes sure no Envoy
 * outlives the test.
 */
public final class DataplaneAgent implements AutoCloseable {
  public static final Path LAUNCHER = RepoPaths.root().resolve("cli/atrium-dp/bin/atrium-dp");

  private final List<String> command = new ArrayList<>();
  private final Path log;
  private EnvoyAdmin admin;
  private Process process;

  /**
   * An agent that registers the Dataplane in {@code dataplaneFile}, connected to {@code controlPlane} with
   * what it needs there ({@link XdsServerProcess#agentArgs}: address, CA, token).
   */
  public DataplaneAgent(XdsServerProcess controlPlane, Path dataplaneFile, int adminPort, Path workDir, String... extraArgs) {
    this(controlPlane.agentArgs(DataplaneFileIdentity.read(dataplaneFile)), List.of("--dataplane-file", dataplaneFile.toString()),
        adminPort, workDir, extraArgs);
  }

  private DataplaneAgent(List<String> controlPlaneArgs, List<String> identity, int adminPort, Path workDir, String... extraArgs) {
    this.admin = new EnvoyAdmin(adminPort);
    this.log = workDir.resolve("atrium-dp-" + adminPort + ".log");
    command.addAll(List.of("bash", LAUNCHER.toString(), "run"));
    command.addAll(controlPlaneArgs);
    command.addAll(identity);
    command.addAll(List.of("--admin-port", String.valueOf(adminPort), "--work-dir", workDir.resolve("dp-" + adminPort).toString()));
    command.addAll(List.of(extraArgs));
  }

  /** An agent for a Dataplane registered by someone else (as on Kubernetes): {@code run --name NAME --mesh MESH}. */
  public static DataplaneAgent byName(XdsServerProcess controlPlane, String mesh, String name, int adminPort, Path workDir,
      String... extraArgs) {
    return new DataplaneAgent(controlPlane.agentArgs(new DataplaneFileIdentity(mesh, name)), List.of("--name", name, "--mesh", mesh),
        adminPort, workDir, extraArgs);
  }

  /**
   * An agent for the ZoneIngress {@code name} registered through the REST API: {@code run --proxy-type=ingress
   * --name NAME}, presenting {@code tokenFile} (a zone token) when not null.
   */
  public static DataplaneAgent ingress(XdsServerProcess controlPlane, String name, Path tokenFile, int adminPort, Path workDir) {
    List<String> args = new ArrayList<>(List.of("--cp-address", controlPlane.url(), "--ca-cert-file", controlPlane.caFile().toString()));
    if (tokenFile != null) args.addAll(List.of("--dataplane-token-file", tokenFile.toString()));
    return new DataplaneAgent(args, List.of("--proxy-type", "ingress", "--name", name), adminPort, workDir);
  }

  /**
   * Runs the agent behind {@code prefix} (e.g. {@code PodNetwork.asProxyUser()}: inside a pod's network
   * namespace as the proxy's uid) from {@code launcher}, a copy of {@link #LAUNCHER} that user can reach
   * ({@code PodNetwork.atriumDpLauncher()}: the checkout may sit in a directory only root can enter),
   * and asks its Envoy's admin through {@code envoyAdmin}, which must reach that namespace. Before
   * {@link #start}.
   */
  public DataplaneAgent runThrough(List<String> prefix, Path launcher, EnvoyAdmin envoyAdmin) {
    if (process != null) throw new IllegalStateException("already started");
    command.set(command.indexOf(LAUNCHER.toString()), launcher.toString());
    // The token file moves beside the launcher, where that user can read it too.
    int token = command.indexOf("--dataplane-token-file");
    if (token >= 0) {
      Path file = Path.of(command.get(token + 1));
      command.set(token + 1, DataplaneTokenRequests.writeFile(launcher.getParent(), "copy", file.getFileName().toString(),
          readString(file)).toString());
    }
    readableBeside(launcher, "--ca-cert-file");
    command.addAll(0, prefix);
    this.admin = envoyAdmin;
    return this;
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The file after {@code flag} copied beside {@code launcher} (world-readable: a CA certificate is no
   * secret), so the proxy's uid can read it wherever the test's work dir is.
   */
  private void readableBeside(Path launcher, String flag) {
    int i = command.indexOf(flag);
    if (i < 0 || i + 1 >= command.size()) return;
    Path source = Path.of(command.get(i + 1));
    Path copy = launcher.getParent().resolve(flag.replaceFirst("^--", "") + "-" + source.getFileName());
    try {
      Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + source + " readable for the agent", e);
    }
    command.set(i + 1, copy.toString());
  }

  /** Starts the agent and waits until its Envoy is live (initial config received). */
  public DataplaneAgent start(Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("atrium-dp exited with " + process.exitValue() + ":\n" + logTail());
      if (admin.ready()) return this;
      sleep(100);
    }
    close();
    throw new IllegalStateException("Envoy not ready after " + timeout + ":\n" + logTail());
  }

  public EnvoyAdmin admin() {
    return admin;
  }

  /** SIGTERM to the agent, which drains and stops Envoy; returns the agent's exit code. */
  public int stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException("atrium-dp did not stop:\n" + logTail());
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * SIGKILL to the agent and its Envoy at once, as when a host or container dies: nothing gets to
   * deregister, drain or close its streams.
   */
  public void kill() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    // Only the direct child is waited for: the others are reaped by init, whenever it gets to it, but a
    // killed process's sockets are closed by the kernel at once.
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to the agent's Envoy only: a frozen Envoy
   * keeps its connections open but answers nothing, as on a suspended host.
   */
  public void signalEnvoy(String signal) {
    ProcessHandle envoy = process.descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("envoy")).orElse(false))
        .findFirst().orElseThrow(() -> new IllegalStateException("no Envoy under atrium-dp"));
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(envoy.pid())).inheritIO().start();
      if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + envoy.pid() + " failed");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The agent's process id (to show it was not restarted). */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process == null) return;
    List<ProcessHandle> children = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      try {
        process.waitFor(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
