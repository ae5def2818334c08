package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged xds-server on a free 127.0.0.1 port (or another local address), following a running store. */
public final class XdsServerProcess extends ServiceProcess {
  public static final Path JAR = RepoPaths.root().resolve("services/xds-server/target/quarkus-app/quarkus-run.jar");

  private final int port = Ports.free();
  private String host = "127.0.0.1";

  public XdsServerProcess(StoreProcess store, Path workDir) {
    super(JAR, workDir, "xds-server-" + System.nanoTime(), "xds-server");
    env.put("ATRIUM_XDS_PORT", String.valueOf(port));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(store.grpcPort()));
  }

  /**
   * Listens on {@code address} instead of 127.0.0.1 ({@code ATRIUM_XDS_HOST}), e.g. a veth's host side
   * for proxies in a pod's network namespace. Before {@link #start()}.
   */
  public XdsServerProcess listenOn(String address) {
    host = address;
    env.put("ATRIUM_XDS_HOST", address);
    return this;
  }

  /** The address data-plane agents use: {@code --cp-address}. */
  public String url() {
    return "http://" + host + ":" + port;
  }

  /**
   * What {@code atrium-dp run} needs to reach this control plane as the proxy {@code identity}:
   * {@code --cp-address}, and the CA that verifies the server and the dataplane token once the server
   * asks for them.
   */
  public List<String> agentArgs(DataplaneFileIdentity identity) {
    List<String> args = new ArrayList<>(List.of("--cp-address", url()));
    return args;
  }

  public int port() {
    return port;
  }

  @Override
  protected String readyUrl() {
    return url() + "/q/health/ready";
  }
}
