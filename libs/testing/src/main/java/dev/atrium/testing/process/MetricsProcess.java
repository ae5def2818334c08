package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import java.nio.file.Path;

/** The packaged metrics service on a free 127.0.0.1 port, following a running store. */
public final class MetricsProcess extends ServiceProcess {
  public static final Path JAR = RepoPaths.root().resolve("services/metrics/target/quarkus-app/quarkus-run.jar");

  private final int port = Ports.free();

  public MetricsProcess(StoreProcess store, Path workDir) {
    super(JAR, workDir, "metrics-" + System.nanoTime(), "metrics");
    env.put("ATRIUM_METRICS_PORT", String.valueOf(port));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(store.grpcPort()));
  }

  /**
   * The control plane's own metrics endpoints the discovery document lists next to the proxies, each
   * {@code component=host:port[/path]}.
   */
  public MetricsProcess controlPlaneTargets(String... entries) {
    env.put("ATRIUM_METRICS_CONTROL_PLANE_TARGETS", String.join(",", entries));
    return this;
  }

  /** This service's own entry for {@link #controlPlaneTargets}. */
  public String selfTarget() {
    return "metrics=127.0.0.1:" + port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Prometheus's {@code http_sd_configs} URL. */
  public String discoveryUrl() {
    return url() + "/prometheus/sd";
  }

  public int port() {
    return port;
  }

  @Override
  protected String readyUrl() {
    return url() + "/q/health/ready";
  }
}
