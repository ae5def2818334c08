package dev.atrium.testing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * What every benchmark program needs besides its measurement: progress on stderr (stdout is the
 * Markdown report), short error messages, and work directories that are removed even when the
 * run is interrupted.
 */
public final class BenchSupport {
  private BenchSupport() {}

  private static final List<Path> WORK_DIRS = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> WORK_DIRS.forEach(BenchSupport::deleteTree), "bench-cleanup"));
  }

  public static void progress(String message) {
    System.err.println("[bench] " + message);
  }

  public static String firstLine(String s) {
    if (s == null) return "no message";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A new temporary directory, deleted by {@link #deleteTree} or at the latest when the JVM exits. */
  public static Path workDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      WORK_DIRS.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) {
    WORK_DIRS.remove(dir);
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("[bench] could not delete " + dir + ": " + e.getMessage());
    }
  }
}
