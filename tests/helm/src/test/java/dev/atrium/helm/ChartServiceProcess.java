package dev.atrium.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.process.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A packaged service started with the environment the chart gives its container (read from the
 * installed manifest), changed only where a Pod and a test machine differ: loopback instead of the
 * Pod's addresses, free ports instead of the fixed ones, files and service-account credentials at
 * local paths. So a variable the service ignores or misreads shows here as a service that does not
 * start or does not do its job.
 */
final class ChartServiceProcess extends ServiceProcess {
  private final String readyUrl;

  private ChartServiceProcess(Path jar, Path workDir, String name, Map<String, String> env, String readyUrl) {
    super(jar, workDir, name);
    this.env.putAll(env);
    this.readyUrl = readyUrl;
  }

  /** The Deployment's container environment: plain values only (valueFrom entries need a cluster). */
  static Map<String, String> chartEnv(JsonNode deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env").forEach(e -> {
      if (e.has("value")) env.put(e.path("name").asText(), e.path("value").asText());
    });
    return env;
  }

  static ChartServiceProcess of(String service, Path workDir, Map<String, String> env, String readyUrl) {
    Path jar = RepoPaths.root().resolve("services/" + service + "/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: package the services first (mvn -o package -pl services/" + service + ")");
    }
    return new ChartServiceProcess(jar, workDir, service, env, readyUrl);
  }

  @Override
  protected String readyUrl() {
    return readyUrl;
  }
}
