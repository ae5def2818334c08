package dev.atrium.helm;

import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The value sets the chart is rendered and linted with (src/test/resources/values). */
enum ChartCases {
  /** The chart's own values.yaml: embedded store, Helm-generated webhook certificate. */
  DEFAULT(null),
  /** backend postgres with two replicas, password from a Secret, ServiceMonitor. */
  POSTGRES_SERVICEMONITOR("postgres-servicemonitor"),
  /** backend kubernetes, two replicas of everything, cert-manager (webhook and internal TLS), namespaced gateway RBAC, NetworkPolicies, dpToken. */
  CERTMANAGER_HA_KUBERNETES("certmanager-ha-kubernetes");

  private final String file;

  ChartCases(String file) {
    this.file = file;
  }

  String id() {
    return file == null ? "default" : file;
  }

  List<Path> valuesFiles() {
    return file == null ? List.of() : List.of(resources().resolve("values/" + file + ".yaml"));
  }

  Path golden() {
    return resources().resolve("golden/" + id() + ".yaml");
  }

  static Path resources() {
    return RepoPaths.root().resolve("tests/helm/src/test/resources");
  }

  /** The plural of every CRD in the chart's crds/, in file order. */
  static List<String> crdPlurals() {
    List<String> plurals = new ArrayList<>();
    try (Stream<Path> files = Files.list(Helm.chart().resolve("crds"))) {
      for (Path f : files.sorted().toList()) {
        plurals.add(Manifests.parse(Files.readString(f)).all().get(0).path("spec").path("names").path("plural").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return plurals;
  }
}
