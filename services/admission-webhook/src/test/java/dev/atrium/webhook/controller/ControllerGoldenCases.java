package dev.atrium.webhook.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.RepoPaths;
import dev.atrium.webhook.controller.model.ManagedObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The controllers' golden cases: {@code NNN-name.in.yaml} next to {@code NNN-name.out.yaml}. */
public final class ControllerGoldenCases {
  private ControllerGoldenCases() {}

  public static Path dir(String name) {
    return RepoPaths.root().resolve("services/admission-webhook/src/test/resources/controller/" + name);
  }

  public static List<Path> inputs(String name) {
    try (Stream<Path> files = Files.list(dir(name))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".in.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path output(Path input) {
    return input.resolveSibling(input.getFileName().toString().replace(".in.yaml", ".out.yaml"));
  }

  public static JsonNode read(Path file) {
    try {
      return Mappers.YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Kubernetes object from its YAML tree, with fabric8's types. */
  public static <T> T kube(JsonNode tree, Class<T> type) {
    return ManagedObjects.SERIALIZATION.convertValue(tree, type);
  }

  /** Kubernetes objects as YAML, keys sorted, so output never depends on fabric8's field order. */
  public static String yaml(Object... objects) {
    StringBuilder out = new StringBuilder();
    try {
      for (Object o : objects) {
        JsonNode tree = Mappers.JSON.readTree(ManagedObjects.SERIALIZATION.asJson(o));
        out.append("---\n").append(Mappers.YAML.writeValueAsString(Mappers.JSON.treeToValue(tree, Object.class)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
