package dev.atrium.bench.store;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.postgres.PostgresServer;
import dev.atrium.testing.process.JavaProcess;
import dev.atrium.testing.process.Ports;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
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
import java.util.concurrent.TimeUnit;

/**
 * The packaged resource-store started as an operator runs it (same jar, same environment variables
 * as the e2e tests), on free 127.0.0.1 ports. A shutdown hook kills it if the benchmark is interrupted,
 * because a child JVM outlives its parent otherwise.
 */
final class StoreProcess implements AutoCloseable {
  static final Path JAR = RepoPaths.root().resolve("services/resource-store/target/quarkus-app/quarkus-run.jar");

  private final Map<String, String> env = new HashMap<>();
  private final int httpPort = Ports.free();
  private final int grpcPort = Ports.free();
  private final Path log;
  private final Thread killOnExit = new Thread(this::closeQuietly, "bench-store-kill");
  private JavaProcess process;
  private ManagedChannel channel;

  private StoreProcess(Path workDir) {
    this.log = workDir.resolve("store-" + httpPort + ".log");
    env.put("ATRIUM_STORE_HTTP_PORT", String.valueOf(httpPort));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(grpcPort));
  }

  /** SQLite in {@code workDir}, with the store's default sync mode. */
  static StoreProcess embedded(Path workDir) {
    StoreProcess p = new StoreProcess(workDir);
    p.env.put("ATRIUM_STORE_BACKEND", "embedded");
    p.env.put("ATRIUM_STORE_EMBEDDED_DATA_DIR", workDir.resolve("store").toString());
    return p;
  }

  static StoreProcess postgres(PostgresServer pg, String jdbcUrl, Path workDir) {
    StoreProcess p = new StoreProcess(workDir);
    p.env.put("ATRIUM_STORE_BACKEND", "postgres");
    p.env.put("ATRIUM_STORE_POSTGRES_URL", jdbcUrl);
    p.env.put("ATRIUM_STORE_POSTGRES_USER", pg.user());
    p.env.put("ATRIUM_STORE_POSTGRES_PASSWORD", pg.password());
    return p;
  }

  StoreProcess start() {
    Runtime.getRuntime().addShutdownHook(killOnExit);
    try {
      process = new JavaProcess(JAR, env, List.of(), log).start();
      process.awaitReady(apiUrl() + "/q/health/ready", Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      close(); // the caller never gets this object to close
      throw e;
    }
    return this;
  }

  String apiUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  synchronized ManagedChannel channel() {
    if (channel == null) channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    return channel;
  }

  long rssKiB() {
    return process.rssKiB();
  }

  /** The JVM flags the store really runs with (-X..., -XX:...), read from /proc rather than assumed. */
  String jvmFlags() {
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

  String logTail() {
    return process == null ? "" : process.logTail();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      return; // the hook is running and closes the process itself
    }
    closeQuietly();
  }

  private void closeQuietly() {
    if (channel != null) {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (process != null) process.close();
  }
}
