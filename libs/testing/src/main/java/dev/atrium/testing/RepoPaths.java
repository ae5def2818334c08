package dev.atrium.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from any module's test run (surefire passes atrium.repo.root). */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    String prop = System.getProperty("atrium.repo.root");
    if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath().normalize();
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !(Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("libs")))) {
      p = p.getParent();
    }
    if (p == null) throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    return p;
  }
}
