package dev.atrium.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the Kubernetes tests hand kubectl (files under a test's directory) and read back from it (JSON). */
final class KubeManifests {
  private KubeManifests() {}

  /** Writes {@code content} to {@code <dir>/manifests/<name>}, for {@code kubectl apply -f}; returns the path. */
  static String write(Path dir, String name, String content) {
    try {
      Path file = dir.resolve("manifests").resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return Mappers.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** A test resource of tests/e2e ({@code kube/webhook-configurations.yaml}) as text. */
  static String resource(String name) {
    try (InputStream in = KubeManifests.class.getResourceAsStream("/" + name)) {
      if (in == null) throw new IllegalStateException("no test resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
