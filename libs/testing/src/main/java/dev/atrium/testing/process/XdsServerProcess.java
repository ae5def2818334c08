package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged xds-server on a free 127.0.0.1 port (or another local address), following a running
 * store. Its port is HTTPS only: the server makes its self-signed certificate once in
 * {@code <workDir>/tls} ({@code ATRIUM_XDS_TLS_DIR}) and keeps it across restarts; agents get
 * {@code --ca-cert-file} with it ({@link #agentArgs}), and this JVM's test clients trust it ({@link TrustedCas}).
 */
public final class XdsServerProcess extends ServiceProcess {
  public static final Path JAR = RepoPaths.root().resolve("services/xds-server/target/quarkus-app/quarkus-run.jar");

  private int port = Ports.free();
  private final StoreProcess store;
  private final Path workDir;
  private String host = "127.0.0.1";
  private String dialHost;
  private Path caFile;

  public XdsServerProcess(StoreProcess store, Path workDir) {
    super(JAR, workDir, "xds-server-" + System.nanoTime(), "xds-server");
    this.store = store;
    this.workDir = workDir;
    env.put("ATRIUM_XDS_PORT", String.valueOf(port));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(store.grpcPort()));
    Path tls = workDir.resolve("tls");
    env.put("ATRIUM_XDS_TLS_DIR", tls.toString());
    trust(tls.resolve("xds-server.crt"));
  }

  /**
   * Serves this certificate and key ({@code ATRIUM_XDS_TLS_CERT_FILE} / {@code _KEY_FILE}) instead of
   * the self-signed one; {@code caFile} is what agents and clients must trust. Before {@link #start()}.
   */
  public XdsServerProcess servingCertificate(Path certFile, Path keyFile, Path caFile) {
    env.put("ATRIUM_XDS_TLS_CERT_FILE", certFile.toString());
    env.put("ATRIUM_XDS_TLS_KEY_FILE", keyFile.toString());
    trust(caFile);
    return this;
  }

  /**
   * Clients and agents reach the server as {@code name} ({@link #url()}), which must resolve to the
   * address it listens on: for a configured certificate that names a host but not the address.
   */
  public XdsServerProcess reachedAs(String name) {
    dialHost = name;
    return this;
  }

  private void trust(Path file) {
    caFile = file;
    TrustedCas.register(file);
  }

  /** The CA file agents verify this server with ({@code --ca-cert-file}). */
  public Path caFile() {
    return caFile;
  }

  /**
   * Listens on {@code address} instead of 127.0.0.1 ({@code ATRIUM_XDS_HOST}), e.g. a veth's host side
   * for proxies in a pod's network namespace. Before {@link #start()}.
   */
  public XdsServerProcess listenOn(String address) {
    host = address;
    env.put("ATRIUM_XDS_HOST", address);
    // A veth address may come up after a certificate was made; name it explicitly.
    env.put("ATRIUM_XDS_TLS_SANS", address);
    return this;
  }

  /** The address data-plane agents use: {@code --cp-address}. */
  public String url() {
    String h = dialHost != null ? dialHost : host;
    return "https://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
  }

  /**
   * What {@code atrium-dp run} needs to reach this control plane as the proxy {@code identity}:
   * {@code --cp-address}, and the CA that verifies the server and the dataplane token once the server
   * asks for them.
   */
  public List<String> agentArgs(DataplaneFileIdentity identity) {
    List<String> args = new ArrayList<>(List.of("--cp-address", url(), "--ca-cert-file", caFile.toString()));
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

  /**
   * Listens on {@code fixedPort} instead of a free one (a command line that names Kuma's 5678 verbatim);
   * fails at once, naming the port, when something else holds it. Before {@link #start()}.
   */
  public XdsServerProcess onPort(int fixedPort) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(fixedPort, 1, java.net.InetAddress.getByName(host))) {
      probe.setReuseAddress(true);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("port " + fixedPort + " on " + host + " is in use: " + e.getMessage());
    }
    port = fixedPort;
    env.put("ATRIUM_XDS_PORT", String.valueOf(port));
    return this;
  }

  public int port() {
    return port;
  }

  @Override
  protected String readyUrl() {
    return url() + "/q/health/ready";
  }
}
