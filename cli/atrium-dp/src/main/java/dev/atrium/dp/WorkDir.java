package dev.atrium.dp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where atrium-dp keeps its files (today the Envoy bootstrap). {@code --work-dir} is created if
 * missing and kept afterwards, so the bootstrap can be inspected; without it a fresh temp directory
 * is used and removed on exit, as kuma-dp does. Its path goes to the control plane as {@code workdir}.
 */
public final class WorkDir {
  public static final String BOOTSTRAP_FILE = "bootstrap.yaml";

  private final Path path;
  private final boolean temporary;

  private WorkDir(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** {@code option} (may be null: a temp dir named after the Dataplane). */
  public static WorkDir prepare(Path option, String mesh, String name) {
    if (option == null) {
      try {
        return new WorkDir(Files.createTempDirectory("atrium-dp-" + safe(mesh) + "-" + safe(name) + "-"), true);
      } catch (IOException e) {
        throw new AgentException("Error: cannot create a temporary work directory: " + e.getMessage());
      }
    }
    Path dir = option.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new AgentException("Error: --work-dir " + option + " exists and is not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AgentException("Error: cannot create --work-dir " + option + ": " + e.getMessage());
    }
    if (!Files.isWritable(dir)) {
      throw new AgentException("Error: --work-dir " + option + " is not writable");
    }
    return new WorkDir(dir, false);
  }

  public Path path() {
    return path;
  }

  public boolean temporary() {
    return temporary;
  }

  /** Writes (or replaces) {@code bootstrap.yaml}; its path. */
  public Path writeBootstrap(String yaml) {
    Path file = path.resolve(BOOTSTRAP_FILE);
    try {
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new AgentException("Error: cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Removes a temp work dir; a --work-dir stays. Best effort: called on the way out. */
  public void cleanup() {
    if (!temporary || !Files.exists(path)) return;
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      AgentLog.warn("cannot remove " + path + ": " + e.getMessage());
    }
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
