package dev.atrium.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mesh and name of the Dataplane an agent runs as: what a token for it is bound to. Read from a
 * universal Dataplane file's top-level {@code mesh:} and {@code name:} (the mesh is {@code default}
 * when absent; the name null when it is a template variable, so the token is bound to the mesh only).
 */
public record DataplaneFileIdentity(String mesh, String name) {
  private static final Pattern MESH = Pattern.compile("(?m)^mesh:\\s*(\\S+)\\s*$");
  private static final Pattern NAME = Pattern.compile("(?m)^name:\\s*(\\S+)\\s*$");

  public static DataplaneFileIdentity read(Path file) {
    try {
      String text = Files.readString(file);
      Matcher mesh = MESH.matcher(text);
      Matcher name = NAME.matcher(text);
      String n = name.find() ? name.group(1) : null;
      return new DataplaneFileIdentity(mesh.find() ? mesh.group(1) : "default", n == null || n.contains("{{") ? null : n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
