package dev.atrium.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files: the expected output of a pipeline stage kept next to its input. Set
 * {@code UPDATE_GOLDEN_FILES=true} to (re)write them; review the diff like code.
 */
public final class Golden {
  private Golden() {}

  public static final String UPDATE_ENV = "UPDATE_GOLDEN_FILES";

  public static boolean updating() {
    return "true".equalsIgnoreCase(System.getenv(UPDATE_ENV));
  }

  /** Asserts that {@code actual} equals the golden file's content, or writes it when updating. */
  public static void assertMatches(Path goldenFile, String actual) {
    try {
      if (updating()) {
        Files.createDirectories(goldenFile.toAbsolutePath().getParent());
        Files.writeString(goldenFile, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(goldenFile)) {
        throw new AssertionFailedError("golden file " + goldenFile + " does not exist; create it with:\n  "
            + UPDATE_ENV + "=true mvn -o test -pl <module>");
      }
      String expected = Files.readString(goldenFile, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        throw new AssertionFailedError("output differs from golden file " + goldenFile + "\n" + diff(expected, actual)
            + "\nIf the change is intended, regenerate with:\n  " + UPDATE_ENV + "=true mvn -o test -pl <module>",
            expected, actual);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small line diff: the first differing lines, enough to see what changed. */
  static String diff(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < Math.max(e.size(), a.size()) && shown < 20; i++) {
      String el = i < e.size() ? e.get(i) : null;
      String al = i < a.size() ? a.get(i) : null;
      if (el == null || !el.equals(al)) {
        if (el != null) sb.append(String.format("  line %d - %s%n", i + 1, el));
        if (al != null) sb.append(String.format("  line %d + %s%n", i + 1, al));
        shown++;
      }
    }
    return sb.toString();
  }
}
