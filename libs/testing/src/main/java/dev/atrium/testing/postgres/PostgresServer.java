package dev.atrium.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for one test class: initdb into a temp directory, listen on a free
 * 127.0.0.1 port, a database named {@code atrium}; {@link #close()} stops it and deletes everything.
 *
 * <p>Never skipped: if PostgreSQL is not installed, {@link #start()} fails and says to run
 * {@code .ci/install-tools.sh}. Tuned for tests, not for keeping data: fsync is off (a test never
 * survives a power cut, and it makes the 2-core CI machines noticeably faster).
 */
public final class PostgresServer implements AutoCloseable {
  private static final String USER = "atrium";
  private static final String PASSWORD = "atrium-test";
  private static final String DATABASE = "atrium";
  private static final int START_ATTEMPTS = 3;

  private final PostgresBinaries binaries;
  private final Path baseDir;
  private final Path dataDir;
  private final int port;
  private final Thread shutdownHook;

  private PostgresServer(PostgresBinaries binaries, Path baseDir, int port) {
    this.binaries = binaries;
    this.baseDir = baseDir;
    this.dataDir = baseDir.resolve("data");
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-server-stop");
  }

  /** Initialises and starts a new server; the caller closes it. */
  public static PostgresServer start() {
    PostgresBinaries binaries = PostgresBinaries.locate();
    Path baseDir = createBaseDir(binaries);
    try {
      initdb(binaries, baseDir);
      IllegalStateException last = null;
      // The free port is only free until someone else binds it: retry with a new one if we lost the race.
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        PostgresServer server = new PostgresServer(binaries, baseDir, freePort());
        try {
          server.startServer();
          return server;
        } catch (IllegalStateException e) {
          last = e;
        }
      }
      throw last;
    } catch (RuntimeException e) {
      deleteTree(baseDir);
      throw e;
    }
  }

  public String host() { return "127.0.0.1"; }
  public int port() { return port; }
  public String user() { return USER; }
  public String password() { return PASSWORD; }

  /** JDBC URL of the {@code atrium} database. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates another empty database (a fresh one per test keeps tests independent) and returns its JDBC URL. */
  public String createDatabase(String name) {
    run(binaries.clientCommand("createdb", "-h", host(), "-p", String.valueOf(port), "-U", USER, name),
        "createdb " + name);
    return jdbcUrl(name);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      return; // the hook is running and will stop the server
    }
    stopQuietly();
  }

  private void startServer() {
    String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + baseDir
        + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200";
    try {
      run(binaries.serverCommand("pg_ctl", "-D", dataDir.toString(), "-l", baseDir.resolve("server.log").toString(),
          "-w", "-t", "60", "-o", options, "start"), "pg_ctl start");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "\nserver log:\n" + tail(baseDir.resolve("server.log")), e);
    }
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    createDatabase(DATABASE);
  }

  private void stopQuietly() {
    try {
      // "fast" rolls back open sessions instead of waiting for the test's pools to disconnect.
      run(binaries.serverCommand("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30", "stop"),
          "pg_ctl stop");
    } catch (RuntimeException e) {
      System.err.println("PostgresServer: " + e.getMessage());
    } finally {
      deleteTree(baseDir);
    }
  }

  private static void initdb(PostgresBinaries binaries, Path baseDir) {
    Path pwFile = baseDir.resolve("password");
    try {
      Files.writeString(pwFile, PASSWORD + "\n");
      chown(pwFile, binaries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // --no-sync: nothing here needs to survive a crash of the machine. Locale C: the tests (and the
    // store, which sets COLLATE "C" itself) must not depend on the machine's locale.
    run(binaries.serverCommand("initdb", "-D", baseDir.resolve("data").toString(), "-U", USER,
        "--pwfile=" + pwFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
        "--no-sync", "--no-instructions"), "initdb");
  }

  private static Path createBaseDir(PostgresBinaries binaries) {
    try {
      Path dir = Files.createTempDirectory("atrium-pg-");
      chown(dir, binaries);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the PostgreSQL test directory", e);
    }
  }

  /** Under root the server runs as the postgres user, which must own its directory. */
  private static void chown(Path path, PostgresBinaries binaries) throws IOException {
    if (binaries.runAsUser() == null) return;
    UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(binaries.runAsUser());
    Files.setOwner(path, owner);
  }

  private static void run(List<String> command, String what) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // The server user may not be allowed into the JVM's working directory; "/" is always readable.
    pb.directory(Path.of("/").toFile());
    pb.environment().put("PGPASSWORD", PASSWORD);
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(what + " failed (" + String.join(" ", command) + "):\n"
            + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(what + " could not be started (" + command.get(0) + "): "
          + PostgresBinaries.INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no server log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("PostgresServer: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
