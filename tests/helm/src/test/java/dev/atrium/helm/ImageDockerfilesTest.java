package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles under services/X/src/main/docker and cli/atrium-dp/src/main/docker, held to the code
 * and the chart, since no image can be built on these machines (docs/images.md): every image the
 * chart pulls has one; it exposes the ports the service listens on, which are the chart's container
 * ports, on all addresses and without hiding the chart's variables; a JVM image copies what
 * `mvn package` really writes and runs the jar it copied; the data-plane image runs as the UID the
 * transparent proxy exempts, with the Envoy the project tests against.
 */
class ImageDockerfilesTest {
  private static final String REGISTRY = "ghcr.io/atrium-mesh/";
  private static final Pattern JAR = Pattern.compile("(/\\S+?\\.jar)");
  private static final Pattern ENVOY_IMAGE = Pattern.compile("envoyproxy/envoy:v(\\S+)");
  private static final Pattern ENVOY_PIN = Pattern.compile("(?m)^ENVOY_VERSION=(\\S+)$");

  private static Helm helm;
  private static JsonNode values;
  private static Manifests chart;

  /** An image values.yaml names in the project's registry, and the module it is built from. */
  private record Image(String repository, Path module) {
    boolean isService() {
      return module.getParent().getFileName().toString().equals("services");
    }

    String dir() {
      return module.getFileName().toString();
    }

    Dockerfile dockerfile(String name) {
      Path p = module.resolve("src/main/docker").resolve(name);
      assertThat(p).as("the Dockerfile of " + repository).isRegularFile();
      return Dockerfile.read(p);
    }
  }

  /** A port a Quarkus service listens on: the settings of its port and its host. */
  private record Listener(String what, ServiceConfig.Setting port, ServiceConfig.Setting host) {
    @Override
    public String toString() {
      return what + " on " + port.env().map(e -> "$" + e + ", else ").orElse("") + port.defaultValue();
    }
  }

  @BeforeAll
  static void render() throws IOException {
    helm = Helm.locate();
    values = Manifests.yamlTree(Files.readString(Helm.chart().resolve("values.yaml")));
    chart = Manifests.parse(helm.renderOk(List.of()));
  }

  @AfterAll
  static void clean() {
    if (helm != null) helm.close();
  }

  @Test
  void everyImageTheChartPullsHasItsDockerfiles() throws IOException {
    List<Image> images = images();
    Set<String> named = new TreeSet<>();
    images.forEach(i -> named.add(i.dir()));
    assertThat(named).as("images in values.yaml").contains("resource-store", "xds-server", "admission-webhook", "metrics", "atrium-dp");
    // And no Dockerfile builds an image the chart never pulls.
    Set<String> built = new TreeSet<>();
    for (String parent : List.of("services", "cli")) {
      try (Stream<Path> modules = Files.list(RepoPaths.root().resolve(parent))) {
        modules.filter(m -> Files.isDirectory(m.resolve("src/main/docker"))).forEach(m -> built.add(m.getFileName().toString()));
      }
    }
    assertThat(built).as("modules with src/main/docker").isEqualTo(named);

    String docs = Files.readString(RepoPaths.root().resolve("docs/images.md"));
    for (Image image : images) {
      List<String> files = image.isService() ? List.of("Dockerfile.jvm", "Dockerfile.native") : List.of("Dockerfile.jvm");
      for (String f : files) {
        String path = RepoPaths.root().relativize(image.dockerfile(f).path).toString();
        assertThat(docs).as("docs/images.md tells how to build " + path).contains(path);
      }
    }
  }

  @Test
  void servicesExposeTheirPortsOnAllAddressesAsTheChartDoes() {
    for (Image image : images()) {
      if (!image.isService()) continue;
      JsonNode deployment = deploymentRunning(image.repository());
      JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
      Map<String, String> chartEnv = ChartServiceProcess.chartEnv(deployment);
      Set<Integer> containerPorts = new TreeSet<>();
      container.path("ports").forEach(p -> containerPorts.add(p.path("containerPort").asInt()));
      List<Listener> listeners = listeners(image.dir());
      Set<String> readByService = ServiceConfig.environment(image.dir());

      for (String name : List.of("Dockerfile.jvm", "Dockerfile.native")) {
        Dockerfile d = image.dockerfile(name);
        Map<String, String> dockerRun = d.env();
        Map<String, String> pod = new HashMap<>(dockerRun);
        pod.putAll(chartEnv);
        assertThat(d.exposed()).as(d + ": EXPOSE must be the ports services/" + image.dir() + " listens on " + listeners)
            .isEqualTo(ports(listeners, dockerRun));
        assertThat(containerPorts).as("the container ports of Deployment " + deployment.path("metadata").path("name").asText()
            + ": the ports " + d + " exposes, with the chart's environment").isEqualTo(ports(listeners, pod)).isEqualTo(d.exposed());
        for (Listener l : listeners) {
          assertThat(l.host().in(dockerRun)).as(d + ": " + l.what() + " must listen on the container's addresses (docker run); set "
              + l.host().env().orElse("its host") + "=0.0.0.0").isEqualTo("0.0.0.0");
          assertThat(l.host().in(pod)).as(d + ": " + l.what() + " must listen on the Pod's addresses with the chart's environment")
              .isEqualTo("0.0.0.0");
        }
        assertThat(d.all("ENV").toString() + d.all("ENTRYPOINT") + d.all("CMD"))
            .as(d + ": a -Dquarkus.* system property outranks the environment, so the chart's ATRIUM_* variables would be ignored")
            .doesNotContain("-Dquarkus.");
        dockerRun.keySet().stream().filter(k -> k.startsWith("ATRIUM_")).forEach(k -> {
          assertThat(readByService).as(d + " sets " + k + ", which services/" + image.dir() + " never reads").contains(k);
          if (chartEnv.containsKey(k)) {
            assertThat(dockerRun.get(k)).as(d + ": " + k + " as the chart sets it, so docker run and the Pod agree")
                .isEqualTo(chartEnv.get(k));
          }
        });
        assertNumericNonRootUser(d);
      }
      Dockerfile nativeFile = image.dockerfile("Dockerfile.native");
      Dockerfile.Copy runner = nativeFile.copies().get(nativeFile.copies().size() - 1);
      assertThat(runner.sources()).as(nativeFile + ": the executable Quarkus' native build writes").containsExactly("target/*-runner");
      assertThat(nativeFile.all("ENTRYPOINT").toString()).as(nativeFile + " runs what it copied")
          .contains(Path.of(runner.destination()).getFileName().toString());
    }
  }

  @Test
  void jvmImagesCopyWhatMavenPackagesAndRunTheJarTheyCopied() throws IOException {
    for (Image image : images()) {
      Dockerfile d = image.dockerfile("Dockerfile.jvm");
      Path packaged = image.module().resolve("target/quarkus-app");
      String module = RepoPaths.root().relativize(image.module()).toString();
      assertThat(packaged).as(packaged + " is missing: package it first (mvn -o package -DskipTests -pl " + module
          + "); in a full build the reactor does, tests/helm depends on it").isDirectory();
      Set<String> inImage = new TreeSet<>();
      for (Dockerfile.Copy copy : d.copies()) {
        if (copy.fromStage()) continue;
        for (String source : copy.sources()) {
          List<Path> found = matches(image.module(), source);
          assertThat(found).as(d + ": COPY " + source + " copies nothing: " + module + " does not package it").isNotEmpty();
          for (Path f : found) {
            boolean intoDir = copy.destination().endsWith("/") && !Files.isDirectory(f);
            inImage.add(intoDir ? copy.destination() + f.getFileName() : copy.destination());
          }
        }
      }
      List<String> runs = new ArrayList<>();
      if (d.env().containsKey("JAVA_APP_JAR")) runs.add(d.env().get("JAVA_APP_JAR"));
      Matcher m = JAR.matcher(d.all("ENTRYPOINT").toString());
      while (m.find()) runs.add(m.group(1));
      assertThat(runs).as(d + " names the jar it runs (JAVA_APP_JAR or in ENTRYPOINT)").isNotEmpty();
      assertThat(inImage).as(d + ": the jar it runs is one it copied").containsAll(runs);
      assertNumericNonRootUser(d);
    }
  }

  @Test
  void dataPlaneImageRunsAsTheExemptedUidWithTheProjectsEnvoy() throws IOException {
    Image dp = images().stream().filter(i -> i.repository().equals(values.path("webhook").path("sidecar").path("image")
        .path("repository").asText())).findFirst().orElseThrow();
    Dockerfile d = dp.dockerfile("Dockerfile.jvm");
    // kuma-init's rules let this UID's traffic out un-redirected; any other UID would loop through Envoy.
    assertThat(d.user()).as(d + " USER").contains(values.path("webhook").path("sidecar").path("uid").asText());

    Matcher pin = ENVOY_PIN.matcher(Files.readString(RepoPaths.root().resolve(".ci/install-tools.sh")));
    assertThat(pin.find()).as("ENVOY_VERSION in .ci/install-tools.sh").isTrue();
    List<String> envoyStages = d.from().stream().filter(f -> ENVOY_IMAGE.matcher(f).find()).toList();
    assertThat(envoyStages).as(d + ": a stage from the official Envoy image").hasSize(1);
    Matcher version = ENVOY_IMAGE.matcher(envoyStages.get(0));
    assertThat(version.find() && version.group(1).equals(pin.group(1)))
        .as(d + ": Envoy " + envoyStages.get(0) + ", the tests run " + pin.group(1)).isTrue();

    List<String> envoyCopies = d.copies().stream().filter(Dockerfile.Copy::fromStage).map(Dockerfile.Copy::destination).toList();
    assertThat(envoyCopies).as(d + ": atrium-dp runs the Envoy the image holds").containsExactly(d.env().get("ATRIUM_ENVOY_BINARY"));
    // Injected sidecars and gateway Pods give only `args` (run --admin-port=N --readiness-port=M): they must reach atrium-dp.
    assertThat(d.all("ENTRYPOINT")).as(d + " ENTRYPOINT").hasSize(1);
    assertThat(d.all("CMD")).as(d + ": no CMD, the Pod's args are atrium-dp's").isEmpty();
    assertThat(d.exposed()).as(d + ": Envoy's ports come from the mesh, not the image").isEmpty();
  }

  /** Every image values.yaml names in the project's registry, with its module (services/X or cli/X). */
  private static List<Image> images() {
    List<String> repositories = new ArrayList<>();
    collectRepositories(values, repositories);
    List<Image> images = new ArrayList<>();
    for (String repository : repositories) {
      String name = repository.substring(REGISTRY.length());
      Path module = Stream.of("services", "cli").map(p -> RepoPaths.root().resolve(p).resolve(name))
          .filter(Files::isDirectory).findFirst()
          .orElseThrow(() -> new AssertionError(
              "values.yaml names " + repository + " but there is no services/" + name + " or cli/" + name));
      images.add(new Image(repository, module));
    }
    return images;
  }

  private static void collectRepositories(JsonNode node, List<String> out) {
    if (node.path("repository").asText("").startsWith(REGISTRY)) out.add(node.path("repository").asText());
    node.elements().forEachRemaining(child -> collectRepositories(child, out));
  }

  private static JsonNode deploymentRunning(String repository) {
    return chart.ofKind("Deployment").stream()
        .filter(d -> d.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText()
            .startsWith(repository + ":"))
        .findFirst().orElseThrow(() -> new AssertionError("no Deployment of the default render runs " + repository));
  }

  /**
   * Where services/{dir} listens, from its application.properties: the HTTP port unless plain HTTP is
   * disabled, the TLS port when TLS is configured, a separate gRPC server only when asked for (a
   * service that is only a gRPC client starts none), the management interface when enabled.
   */
  private static List<Listener> listeners(String dir) {
    Properties p = ServiceConfig.applicationProperties(dir);
    ServiceConfig.Setting httpHost = ServiceConfig.setting(p, "quarkus.http.host", "0.0.0.0");
    List<Listener> out = new ArrayList<>();
    if (!"disabled".equals(p.getProperty("quarkus.http.insecure-requests"))) {
      out.add(new Listener("HTTP", ServiceConfig.setting(p, "quarkus.http.port", "8080"), httpHost));
    }
    if (p.containsKey("quarkus.http.ssl-port") || p.containsKey("quarkus.http.tls-configuration-name")) {
      out.add(new Listener("HTTPS", ServiceConfig.setting(p, "quarkus.http.ssl-port", "8443"), httpHost));
    }
    if ("true".equals(p.getProperty("quarkus.grpc.server.use-separate-server"))) {
      out.add(new Listener("gRPC", ServiceConfig.setting(p, "quarkus.grpc.server.port", "9000"),
          ServiceConfig.setting(p, "quarkus.grpc.server.host", "0.0.0.0")));
    }
    if ("true".equals(p.getProperty("quarkus.management.enabled"))) {
      out.add(new Listener("management", ServiceConfig.setting(p, "quarkus.management.port", "9000"),
          ServiceConfig.setting(p, "quarkus.management.host", "0.0.0.0")));
    }
    return out;
  }

  private static Set<Integer> ports(List<Listener> listeners, Map<String, String> env) {
    Set<Integer> ports = new TreeSet<>();
    listeners.forEach(l -> ports.add(Integer.parseInt(l.port().in(env))));
    return ports;
  }

  /** A COPY source in the build context (the module): a directory, a file, or a glob in its last part. */
  private static List<Path> matches(Path context, String source) throws IOException {
    Path p = context.resolve(source);
    if (!source.contains("*")) return Files.exists(p) ? List.of(p) : List.of();
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
    if (!Files.isDirectory(p.getParent())) return List.of();
    try (Stream<Path> files = Files.list(p.getParent())) {
      return files.filter(f -> glob.matches(f.getFileName())).sorted().toList();
    }
  }

  /** The chart's Pods run with runAsNonRoot, which the kubelet can only verify for a numeric USER. */
  private static void assertNumericNonRootUser(Dockerfile d) {
    assertThat(d.user()).as(d + " USER").isPresent();
    assertThat(d.user().get()).as(d + ": USER must be a numeric UID other than 0 (runAsNonRoot)").matches("[1-9][0-9]*");
  }
}
