package dev.atrium.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The seeds' YAML examples, verbatim (see resources/seeds/README.md). */
public final class Seeds {
  private Seeds() {}

  public static final List<String> FILES = List.of(
      "dataplane-kong-01-delegated.yaml",
      "dataplane-gateway-instance-1-builtin.yaml",
      "meshgatewayinstance-edge-gateway.k8s.yaml",
      "meshgateway-edge-gateway.k8s.yaml",
      "meshgateway-edge-gateway.yaml",
      "meshgatewayroute-edge-gateway-route.k8s.yaml",
      "meshgatewayroute-edge-gateway-route.yaml",
      "tcp-meshgateway-and-route.yaml");

  /** Kubernetes objects of the seeds (not Kuma resources: kubectl applies them, the codec does not read them). */
  public static final List<String> KUBERNETES_OBJECTS = List.of("service-echo-multizone.k8s.yaml");

  public static String read(String file) {
    try (InputStream in = Seeds.class.getResourceAsStream("/seeds/" + file)) {
      if (in == null) throw new IllegalArgumentException("no seed fixture " + file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared seeds directory beside the repository ({@code ../shared/seeds}). */
  public static Path sharedSeedsDir() {
    return RepoPaths.root().resolve("../shared/seeds").normalize();
  }

  /** All seed documents' text concatenated, for verbatim checks. */
  public static String sharedSeedsText() {
    Path dir = sharedSeedsDir();
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("the seeds are expected at " + dir + " (../shared beside the repository)");
    }
    try (var files = Files.list(dir)) {
      StringBuilder sb = new StringBuilder();
      for (Path p : files.sorted().toList()) sb.append(Files.readString(p)).append('\n');
      return sb.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
