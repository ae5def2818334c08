package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged xds-server on a free 127.0.0.1 port (or another local address), following a running store. */
public final class XdsServerProcess extends ServiceProcess {
  public static final Path JAR = RepoPaths.root().resolve("services/xds-server/target/quarkus-app/quarkus-run.jar");

  private final int port = Ports.free();
  private final StoreProcess store;
  private final Path workDir;
  private String host = "127.0.0.1";

  public XdsServerProcess(StoreProcess store, Path workDir) {
    super(JAR, workDir, "xds-server-" + System.nanoTime(), "xds-server");
    this.store = store;
    this.workDir = workDir;
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
    args.addAll(List.of("--dataplane-token-file", dataplaneTokenFile(identity.mesh(), identity.name()).toString()));
    return args;
  }

  /**
   * A dataplane token from the store ({@code POST /tokens/dataplane} on loopback, where the caller is
   * admin) for the Dataplane {@code name} of {@code mesh}, or for every Dataplane of the mesh when
   * {@code name} is null.
   */
  public String dataplaneToken(String mesh, String name) {
    return DataplaneTokenRequests.issue(store.apiUrl(), mesh, name);
  }

  /** {@link #dataplaneToken} written to a file in this server's work directory, as an agent reads it. */
  public Path dataplaneTokenFile(String mesh, String name) {
    return DataplaneTokenRequests.writeFile(workDir.resolve("tokens"), mesh, name, dataplaneToken(mesh, name));
  }

  public int port() {
    return port;
  }

  @Override
  protected String readyUrl() {
    return url() + "/q/health/ready";
  }
}
