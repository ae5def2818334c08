package dev.atrium.testing.process;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.postgres.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The packaged resource-store on free 127.0.0.1 ports, with its data in a work directory. */
public final class StoreProcess extends ServiceProcess {
  public static final Path JAR = RepoPaths.root().resolve("services/resource-store/target/quarkus-app/quarkus-run.jar");

  private final int httpPort = Ports.free();
  private final int grpcPort = Ports.free();
  private final Path workDir;

  private StoreProcess(Path workDir) {
    super(JAR, workDir, "store", "resource-store");
    this.workDir = workDir;
    env.put("ATRIUM_STORE_HTTP_PORT", String.valueOf(httpPort));
    env.put("ATRIUM_STORE_GRPC_PORT", String.valueOf(grpcPort));
  }

  /** The default backend: SQLite in {@code workDir/store}, with the store's default sync mode. */
  public static StoreProcess embedded(Path workDir) {
    StoreProcess p = new StoreProcess(workDir);
    p.env.put("ATRIUM_STORE_BACKEND", "embedded");
    p.env.put("ATRIUM_STORE_EMBEDDED_DATA_DIR", workDir.resolve("store").toString());
    return p;
  }

  public static StoreProcess postgres(PostgresServer pg, String jdbcUrl, Path workDir) {
    StoreProcess p = new StoreProcess(workDir);
    p.env.put("ATRIUM_STORE_BACKEND", "postgres");
    p.env.put("ATRIUM_STORE_POSTGRES_URL", jdbcUrl);
    p.env.put("ATRIUM_STORE_POSTGRES_USER", pg.user());
    p.env.put("ATRIUM_STORE_POSTGRES_PASSWORD", pg.password());
    return p;
  }

  /**
   * The Kubernetes backend: resources as kuma.io custom resources in the API server {@code kubeconfig}
   * points at (the CRDs must be installed), namespace-less ones in {@code systemNamespace}.
   */
  public static StoreProcess kubernetes(Path kubeconfig, String systemNamespace, Path workDir) {
    StoreProcess p = new StoreProcess(workDir);
    p.env.put("ATRIUM_STORE_BACKEND", "kubernetes");
    p.env.put("KUBECONFIG", kubeconfig.toString());
    p.env.put("ATRIUM_STORE_KUBERNETES_SYSTEM_NAMESPACE", systemNamespace);
    return p;
  }

  /**
   * This store as the zone {@code zone} of {@code global} (started already): mode zone, following global's
   * Store gRPC API with a zone token of scope {@code cp} that global mints now, as an operator would
   * ({@code POST /tokens/zone}), kept in {@code <workDir>/zone-cp.token}.
   */
  public StoreProcess zoneOf(StoreProcess global, String zone) {
    env.put("ATRIUM_STORE_MODE", "zone");
    env.put("ATRIUM_STORE_ZONE", zone);
    env.put("ATRIUM_STORE_GLOBAL_GRPC_PORT", String.valueOf(global.grpcPort()));
    env.put("ATRIUM_STORE_GLOBAL_ZONE_TOKEN_FILE", writeZoneToken(DataplaneTokenRequests.zone(global.apiUrl(), zone, "cp")).toString());
    return this;
  }

  /** Replaces this zone's token file (what {@link #zoneOf} wrote) with {@code token}; the zone reads it at its next call. */
  public Path writeZoneToken(String token) {
    try {
      Files.createDirectories(workDir);
      return Files.writeString(workDir.resolve("zone-cp.token"), token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  @Override
  protected String readyUrl() {
    return apiUrl() + "/q/health/ready";
  }
}
