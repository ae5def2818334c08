package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.postgres.PostgresServer;
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
 * The packaged resource-store run as an operator runs it (same jar, same environment variables) on
 * free 127.0.0.1 ports, for end-to-end tests and benchmarks. It can be killed with SIGKILL and
 * started again on the same data and ports. A shutdown hook kills it if the caller's JVM exits
 * first, because a child JVM would otherwise outlive its parent.
 */
public final class StoreProcess implements AutoCloseable {
  public static final Path JAR = RepoPaths.root().resolve("services/resource-store/target/quarkus-app/quarkus-run.jar");

  private final Map<String, String> env = new HashMap<>();
  private final int httpPort = Ports.free();
  private final int grpcPort = Ports.free();
  private final Path workDir;
  private final Thread killOnExit = new Thread(this::stopProcess, "atrium-store-kill");
  private JavaProcess process;

  private StoreProcess(Path workDir) {
    this.workDir = workDir;
    env.put("ATRIUM_STORE_HTTP_PORT", String.valueOf(httpPort));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(grpcPort));
  }

  /** The default backend: SQLite in {@code workDir/store}, with the store's default sync mode. */
  public static StoreProcess embedded(Path workDir) {
    StoreProcess p = new StoreProcess(workDir);
    p.env.put("ATRIUM_STORE_BACKEND", "embedded");
    p.env.put("ATRIUM_STORE_EMBEDDED_DATA_DIR", workDir.resolve("store").toString());
    return p;
  }

  public static StoreProcess postgres(PostgresServer pg, String jdbcUrl, Path workDir) {
    StoreProcess p = new StoreProcess(workDir);
    p.env.put("ATRIUM_STORE_BACKEND", "postgres");
    p.env.put("ATRIUM_STORE_POSTGRES_URL", jdbcUrl);
    p.env.put("ATRIUM_STORE_POSTGRES_USER", pg.user());
    p.env.put("ATRIUM_STORE_POSTGRES_PASSWORD", pg.password());
    return p;
  }

  /** Starts the process and waits until it is ready; on failure nothing is left running. */
  public StoreProcess start() {
    try {
      Files.createDirectories(workDir);
      if (process == null) Runtime.getRuntime().addShutdownHook(killOnExit);
      process = new JavaProcess(JAR, env, List.of(), workDir.resolve("store-" + httpPort + ".log")).start();
      process.awaitReady(apiUrl() + "/q/health/ready", Duration.ofSeconds(60));
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** SIGKILL, then start again on the same data and ports. */
  public void killAndRestart() {
    process.kill();
    start();
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  public long rssKiB() {
    return process.rssKiB();
  }

  /** The JVM flags the store really runs with (-X..., -XX:...), read from /proc rather than assumed. */
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
