package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import java.nio.file.Path;

/** The packaged xds-server on a free 127.0.0.1 port, following a running store. */
public final class XdsServerProcess extends ServiceProcess {
  public static final Path JAR = RepoPaths.root().resolve("services/xds-server/target/quarkus-app/quarkus-run.jar");

  private final int port = Ports.free();

  public XdsServerProcess(StoreProcess store, Path workDir) {
    super(JAR, workDir, "xds-server-" + System.nanoTime());
    env.put("ATRIUM_XDS_PORT", String.valueOf(port));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(store.grpcPort()));
  }

  /** The address data-plane agents use: {@code --cp-address}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  protected String readyUrl() {
    return url() + "/q/health/ready";
  }
}
