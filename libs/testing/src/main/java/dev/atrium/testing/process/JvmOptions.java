package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The services' JVM flags from {@code deploy/jvm/services.options}, the file run.sh, the images and the
 * chart use too, so a test or benchmark runs a service as it is deployed. Read here (not passed as
 * {@code @file}) so that /proc shows the real flags and a benchmark can print them.
 */
public final class JvmOptions {
  /** The file, relative to the repository root. */
  public static final String FILE = "deploy/jvm/services.options";
  /**
   * Extra flags for one run, appended after the file's (a later flag wins): a benchmark measuring with
   * {@code -XX:NativeMemoryTracking=summary}, or trying another setting without editing the file.
   */
  public static final String EXTRA_PROPERTY = "atrium.jvm.extra-options";

  private JvmOptions() {}

  public static List<String> services() {
    List<String> flags = new ArrayList<>(parse(RepoPaths.root().resolve(FILE)));
    String extra = System.getProperty(EXTRA_PROPERTY, "").trim();
    if (!extra.isEmpty()) flags.addAll(Arrays.asList(extra.split("\\s+")));
    return flags;
  }

  /** The java launcher's argument-file rules as this file uses them: words, {@code #} to the end of a line. */
  static List<String> parse(Path file) {
    try {
      List<String> flags = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        int hash = line.indexOf('#');
        String code = hash < 0 ? line : line.substring(0, hash);
        for (String word : code.trim().split("\\s+")) {
          if (!word.isEmpty()) flags.add(word);
        }
      }
      return flags;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the services' JVM flags from " + file, e);
    }
  }
}
