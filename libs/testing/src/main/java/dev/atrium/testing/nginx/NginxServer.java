package dev.atrium.testing.nginx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private nginx (Debian's {@code /usr/sbin/nginx}) for one test, standing in for a user's API
 * gateway or application in front of a mesh: it listens on a free 127.0.0.1 port, and its config,
 * pid file, logs and temp files all live in one temp directory, so several run side by side and none
 * touches {@code /etc/nginx} or {@code /var/log/nginx}. {@link #close()} stops it and deletes the
 * directory.
 *
 * <p>Never skipped: without nginx, {@link #start(String)} fails and says to run
 * {@code .ci/install-tools.sh}.
 */
public final class NginxServer implements AutoCloseable {
  public static final String ENV = "ATRIUM_NGINX_BINARY";
  static final String DEFAULT_BINARY = "/usr/sbin/nginx";
  static final String INSTALL_HINT = "run .ci/install-tools.sh (installs Debian's nginx package)";
  private static final int START_ATTEMPTS = 3;
  private static final long START_TIMEOUT_MILLIS = 15_000;

  private final Path dir;
  private final String address;
  private final int port;
  private final Process process;
  private final Thread shutdownHook;

  private NginxServer(Path dir, String address, int port, Process process) {
    this.dir = dir;
    this.address = address;
    this.port = port;
    this.process = process;
    this.shutdownHook = new Thread(this::stop, "nginx-server-stop");
  }

  /**
   * Starts nginx with one {@code server} on a free loopback port whose body is {@code serverBody}:
   * one or more {@code location} blocks, and any other server-level directives, for example
   * {@code location /foo { proxy_pass http://127.0.0.1:33033; }}.
   */
  public static NginxServer start(String serverBody) {
    Path binary = binary();
    IllegalStateException last = null;
    // A free port is only free until someone else binds it: on a lost race, try again with another.
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return start(binary, freePort(), serverBody);
      } catch (IllegalStateException e) {
        last = e;
        if (!e.getMessage().contains("Address already in use")) throw e;
      }
    }
    throw last;
  }

  /** Like {@link #start(String)}, on a port the caller chose (it must be free). */
  public static NginxServer start(int port, String serverBody) {
    return start(binary(), port, serverBody);
  }

  /**
   * Starts nginx behind {@code prefix} (e.g. {@code PodNetwork.inside()}: as a pod's application in its
   * network namespace, where the pod's redirect rules apply to what it sends), listening on
   * {@code address:port}, which this process must reach (the pod's IP) to see it is up.
   */
  public static NginxServer startBehind(List<String> prefix, String address, int port, String serverBody) {
    return start(prefix, binary(), address, port, serverBody);
  }

  public int port() {
    return port;
  }

  /** {@code http://<address>:<port>} (127.0.0.1 unless started behind a prefix). */
  public String url() {
    return "http://" + address + ":" + port;
  }

  public Path errorLog() {
    return dir.resolve("logs/error.log");
  }

  public Path accessLog() {
    return dir.resolve("logs/access.log");
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      return; // the hook is running and stops the server
    }
    stop();
  }

  private static NginxServer start(Path binary, int port, String serverBody) {
    return start(List.of(), binary, "127.0.0.1", port, serverBody);
  }

  private static NginxServer start(List<String> prefix, Path binary, String address, int port, String serverBody) {
    Path dir = createDir();
    try {
      Files.writeString(dir.resolve("nginx.conf"), NginxConfig.render(dir, address, port, serverBody, isRoot()));
      // -e: nginx opens its error log before reading the config; without it that is /var/log/nginx.
      List<String> command = new java.util.ArrayList<>(prefix);
      command.addAll(List.of(binary.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
          "-e", dir.resolve("logs/error.log").toString(), "-g", "daemon off;"));
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("logs/nginx.out").toFile())
          .directory(dir.toFile());
      Process process = pb.start();
      process.getOutputStream().close();
      NginxServer server = new NginxServer(dir, address, port, process);
      server.awaitListening();
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      return server;
    } catch (IOException e) {
      deleteTree(dir);
      throw new IllegalStateException("nginx (" + binary + ") could not be started: " + INSTALL_HINT, e);
    } catch (RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  private void awaitListening() {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with " + process.exitValue() + " on port " + port + ":\n" + logs());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    stop();
    throw new IllegalStateException("nginx not listening on port " + port + " after " + START_TIMEOUT_MILLIS + " ms:\n" + logs());
  }

  private void stop() {
    try {
      process.destroy(); // SIGTERM: nginx's fast shutdown, the master takes its workers with it
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  private String logs() {
    StringBuilder sb = new StringBuilder();
    for (Path log : List.of(dir.resolve("logs/nginx.out"), errorLog())) {
      try {
        if (Files.exists(log)) sb.append(Files.readString(log));
      } catch (IOException e) {
        sb.append("(cannot read ").append(log).append(": ").append(e.getMessage()).append(")\n");
      }
    }
    return sb.toString();
  }

  private static Path binary() {
    String fromEnv = System.getenv(ENV);
    Path binary = Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_BINARY);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("nginx not found at " + binary + ": " + INSTALL_HINT);
    }
    return binary;
  }

  private static Path createDir() {
    try {
      Path dir = Files.createTempDirectory("atrium-nginx-");
      Files.createDirectories(dir.resolve("logs"));
      Files.createDirectories(dir.resolve("temp"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the nginx test directory", e);
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("NginxServer: cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
