package dev.atrium.e2e;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.postgres.PostgresServer;
import dev.atrium.testing.process.JavaProcess;
import dev.atrium.testing.process.Ports;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged resource-store run as a real process on 127.0.0.1, with its own ports and data. It
 * can be killed with SIGKILL and started again on the same data and ports.
 */
final class StoreProcess implements AutoCloseable {
  static final Path JAR = RepoPaths.root().resolve("services/resource-store/target/quarkus-app/quarkus-run.jar");

  private final Map<String, String> env = new HashMap<>();
  private final int httpPort = Ports.free();
  private final int grpcPort = Ports.free();
  private final Path workDir;
  private JavaProcess process;
  private ManagedChannel channel;

  private StoreProcess(Path workDir) {
    this.workDir = workDir;
    env.put("ATRIUM_STORE_HTTP_PORT", String.valueOf(httpPort));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(grpcPort));
  }

  /** The default backend: SQLite in {@code dataDir}. */
  static StoreProcess embedded(Path dataDir) {
    StoreProcess p = new StoreProcess(dataDir);
    p.env.put("ATRIUM_STORE_BACKEND", "embedded");
    p.env.put("ATRIUM_STORE_EMBEDDED_DATA_DIR", dataDir.resolve("store").toString());
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
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process = new JavaProcess(JAR, env, List.of(), workDir.resolve("store-" + httpPort + ".log")).start();
    process.awaitReady(apiUrl() + "/q/health/ready", Duration.ofSeconds(60));
    return this;
  }

  /** SIGKILL, then start again on the same data and ports. */
  void killAndRestart() {
    process.kill();
    start();
  }

  void kill() {
    process.kill();
  }

  String apiUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  int grpcPort() {
    return grpcPort;
  }

  synchronized ManagedChannel channel() {
    if (channel == null) channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    return channel;
  }

  String logTail() {
    return process == null ? "" : process.logTail();
  }

  @Override
  public void close() {
    if (channel != null) channel.shutdownNow();
    if (process != null) process.close();
  }
}
