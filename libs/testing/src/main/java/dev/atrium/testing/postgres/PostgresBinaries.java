package dev.atrium.testing.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL server programs are and which OS user runs them.
 *
 * <p>Debian's {@code postgresql} package puts initdb/pg_ctl/postgres in
 * {@code /usr/lib/postgresql/<major>/bin} and deliberately not on PATH, so that directory is searched
 * first (newest major wins), then PATH (resolving symlinks, since a bin directory is only usable if
 * initdb, pg_ctl and postgres sit together). {@code ATRIUM_POSTGRES_BIN} overrides both.
 *
 * <p>initdb and postgres refuse to run as root. Under root (CI containers, this project's dev
 * machines) every server command is run through {@code runuser -u postgres --}: the package creates
 * that system user, so it exists wherever the binaries were installed the Debian way.
 */
final class PostgresBinaries {
  static final String INSTALL_HINT = "run .ci/install-tools.sh (installs Debian's postgresql package)";
  private static final String SERVICE_USER = "postgres";
  private static final List<String> REQUIRED = List.of("initdb", "pg_ctl", "postgres", "createdb");

  private final Path binDir;
  private final String runAsUser; // null: run as the current (unprivileged) user

  private PostgresBinaries(Path binDir, String runAsUser) {
    this.binDir = binDir;
    this.runAsUser = runAsUser;
  }

  static PostgresBinaries locate() {
    Path binDir = fromEnvironment()
        .or(PostgresBinaries::fromDebianLayout)
        .or(PostgresBinaries::fromPath)
        .orElseThrow(() -> new IllegalStateException(
            "PostgreSQL server binaries (" + String.join(", ", REQUIRED) + ") not found in $ATRIUM_POSTGRES_BIN, "
                + "/usr/lib/postgresql/*/bin or PATH: " + INSTALL_HINT));
    if (!isRoot()) return new PostgresBinaries(binDir, null);
    if (!userExists(SERVICE_USER)) {
      throw new IllegalStateException("running as root, and PostgreSQL refuses root: the '" + SERVICE_USER
          + "' system user to run it as does not exist: " + INSTALL_HINT);
    }
    return new PostgresBinaries(binDir, SERVICE_USER);
  }

  /** The OS user the server runs as, or null for the current user. */
  String runAsUser() {
    return runAsUser;
  }

  /** A server-side command (initdb, pg_ctl), run as the unprivileged user when we are root. */
  List<String> serverCommand(String tool, String... args) {
    List<String> cmd = new ArrayList<>();
    if (runAsUser != null) cmd.addAll(List.of("runuser", "-u", runAsUser, "--"));
    cmd.add(binDir.resolve(tool).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A client command (createdb): clients run fine as root. */
  List<String> clientCommand(String tool, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binDir.resolve(tool).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  Path binDir() {
    return binDir;
  }

  private static Optional<Path> fromEnvironment() {
    return Optional.ofNullable(System.getenv("ATRIUM_POSTGRES_BIN")).map(Path::of).filter(PostgresBinaries::complete);
  }

  private static Optional<Path> fromDebianLayout() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> majors = Files.list(root)) {
      return majors
          .filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getFileName().toString())))
          .map(p -> p.resolve("bin"))
          .filter(PostgresBinaries::complete);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> fromPath() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(":")) {
      Path pgCtl = Path.of(dir, "pg_ctl");
      if (!Files.isExecutable(pgCtl)) continue;
      try {
        Path real = pgCtl.toRealPath().getParent();
        if (complete(real)) return Optional.of(real);
      } catch (IOException e) {
        // a dangling symlink: keep looking
      }
    }
    return Optional.empty();
  }

  private static boolean complete(Path dir) {
    return REQUIRED.stream().allMatch(tool -> Files.isExecutable(dir.resolve(tool)));
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static boolean userExists(String user) {
    try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
      return lines.anyMatch(line -> line.startsWith(user + ":"));
    } catch (IOException e) {
      return false;
    }
  }
}
