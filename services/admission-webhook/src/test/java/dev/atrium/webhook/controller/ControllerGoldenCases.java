package dev.atrium.webhook.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.webhook.GoldenCases;
import dev.atrium.webhook.controller.model.ManagedObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The controllers' golden cases under {@code controller/}: the webhook's {@link GoldenCases} layout, plus
 * conversions between YAML trees and fabric8's Kubernetes types.
 */
public final class ControllerGoldenCases {
  private ControllerGoldenCases() {}

  public static Path dir(String name) {
    return GoldenCases.dir("controller/" + name);
  }

  public static List<Path> inputs(String name) {
    return GoldenCases.inputs("controller/" + name);
  }

  public static Path output(Path input) {
    return GoldenCases.output(input);
  }

  public static JsonNode read(Path file) {
    return GoldenCases.read(file);
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
