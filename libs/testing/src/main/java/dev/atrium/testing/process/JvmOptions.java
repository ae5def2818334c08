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
 * The services' JVM flags from {@code deploy/jvm/services.options} and {@code deploy/jvm/<service>.options},
 * the files run.sh, the images and the chart use too, so a test or benchmark runs a service as it is deployed. Read here (not passed as
 * {@code @file}) so that /proc shows the real flags and a benchmark can print them.
 */
public final class JvmOptions {
  /** The directory of the files, relative to the repository root: services.options, then {@code <service>.options}. */
  public static final String DIR = "deploy/jvm";
  /**
   * Extra flags for one run, appended after the file's (a later flag wins): a benchmark measuring with
   * {@code -XX:NativeMemoryTracking=summary}, or trying another setting without editing the file.
   */
  public static final String EXTRA_PROPERTY = "atrium.jvm.extra-options";
  /** The JDK to run services with (a benchmark measuring the deployed JDK 25); the caller's own by default. */
  public static final String JAVA_HOME_PROPERTY = "atrium.jvm.java-home";
  /**
   * Where services keep their AOT caches (JDK 25+), as deploy/jvm/runtime.sh does for run.sh: a start
   * without a cache for its jar trains one, written when it exits normally; later starts map it. Unset:
   * no cache (the tests).
   */
  public static final String AOT_DIR_PROPERTY = "atrium.jvm.aot-dir";

  private JvmOptions() {}

  /** The flags of {@code service} (its module's directory name: resource-store, xds-server, ...). */
  public static List<String> of(String service) {
    Path dir = RepoPaths.root().resolve(DIR);
    List<String> flags = new ArrayList<>(parse(dir.resolve("services.options")));
    Path own = dir.resolve(service + ".options");
    if (Files.exists(own)) flags.addAll(parse(own));
    String extra = System.getProperty(EXTRA_PROPERTY, "").trim();
    if (!extra.isEmpty()) flags.addAll(Arrays.asList(extra.split("\\s+")));
    return flags;
  }

  /** The java binary that runs services. */
  public static String javaBinary() {
    return Path.of(System.getProperty(JAVA_HOME_PROPERTY, System.getProperty("java.home")), "bin", "java").toString();
  }

  /** A tool of the JDK that runs services ({@code jcmd}): one that speaks to those JVMs. */
  public static Path jdkTool(String name) {
    return Path.of(System.getProperty(JAVA_HOME_PROPERTY, System.getProperty("java.home")), "bin", name);
  }

  /** The AOT flags of one start of {@code service}'s {@code jar}: use its cache, train it, or nothing. */
  static AotFlags aot(String service, Path jar) {
    String dir = System.getProperty(AOT_DIR_PROPERTY, "").trim();
    if (dir.isEmpty()) return AotFlags.NONE;
    Path home = Path.of(System.getProperty(JAVA_HOME_PROPERTY, System.getProperty("java.home")));
    int feature = featureRelease(home);
    if (feature < 25) return AotFlags.NONE;
    try {
      Path cache = Path.of(dir, service + ".aot");
      Path stampFile = Path.of(dir, service + ".aot.stamp");
      // A cache belongs to one build of the jar and one JDK: the JVM refuses a stale one, which would then never be replaced.
      String stamp = Files.getLastModifiedTime(jar).toMillis() / 1000 + "-" + feature;
      Files.createDirectories(cache.getParent());
      if (Files.exists(cache) && Files.exists(stampFile) && Files.readString(stampFile).trim().equals(stamp)) {
        return new AotFlags(List.of("-XX:AOTCache=" + cache), false);
      }
      Files.deleteIfExists(cache);
      Files.writeString(stampFile, stamp + "\n");
      return new AotFlags(List.of("-XX:AOTCacheOutput=" + cache), true);
    } catch (IOException e) {
      throw new UncheckedIOException("AOT cache for " + service + " in " + dir, e);
    }
  }

  /** @param training this start writes the cache when it exits: stop it with SIGTERM, not SIGKILL */
  record AotFlags(List<String> flags, boolean training) {
    static final AotFlags NONE = new AotFlags(List.of(), false);
  }

  /** The JDK's feature release from its {@code release} file ({@code JAVA_VERSION="25.0.1"}); 0 if unreadable. */
  static int featureRelease(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(v.split("[.+-]")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
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
