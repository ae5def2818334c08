package dev.atrium.e2e.mtls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.tls.MeshCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One control plane (store + xds-server as real processes) per test class — CI time is spent on
 * traffic, not on starting servers — and what the mTLS tests do through it as an operator would: write
 * resources over REST, read the mesh CA Secrets as admin (loopback), run agents with real Envoys.
 * Everything started is stopped after the class.
 */
abstract class WithMeshControlPlane {
  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();

  @BeforeAll
  static void startControlPlane() {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) STARTED.get(i).close();
    STARTED.clear();
    if (xds != null) xds.close();
    if (store != null) store.close();
    xds = null;
    store = null;
  }

  /** Writes the Dataplane YAML and runs atrium-dp with it; returns once its Envoy is live. */
  static DataplaneAgent agent(String dataplaneYaml) {
    int adminPort = Ports.free();
    Path file = dir.resolve("dp-" + adminPort + ".yaml");
    try {
      Files.writeString(file, dataplaneYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataplaneAgent agent = new DataplaneAgent(xds, file, adminPort, dir.resolve("agents"));
    STARTED.add(agent);
    return agent.start(Duration.ofSeconds(60));
  }

  static <T extends AutoCloseable> T track(T resource) {
    STARTED.add(resource);
    return resource;
  }

  /** PUT {@code path} (e.g. {@code /meshes/default/meshtrafficpermissions/x}) as the admin on loopback; must succeed. */
  static void put(String path, String yaml) {
    Http.Reply reply = Http.put(store.apiUrl() + path, yaml, "application/yaml");
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }

  static void delete(String path) {
    Http.Reply reply = Http.delete(store.apiUrl() + path);
    if (reply.status() / 100 != 2) throw new AssertionError("DELETE " + path + " answered " + reply.status() + ": " + reply.body());
  }

  /**
   * The builtin CA of {@code mesh}'s backend as the admin reads it: the Secrets
   * {@code <mesh>.ca-builtin-cert-<backend>} and {@code <mesh>.ca-builtin-key-<backend>} (data = base64 PEM).
   */
  static MeshCertificates meshCa(String mesh, String backend) {
    String cert = secretPem(mesh, mesh + ".ca-builtin-cert-" + backend);
    String key = secretPem(mesh, mesh + ".ca-builtin-key-" + backend);
    return MeshCertificates.fromPem(cert, key);
  }

  private static String secretPem(String mesh, String name) {
    String url = store.apiUrl() + "/meshes/" + mesh + "/secrets/" + name;
    awaitTrue(Duration.ofSeconds(20), () -> Http.get(url).status() == 200, () -> "Secret " + name + " was never created: "
        + Http.get(url).body());
    return new String(Base64.getDecoder().decode(Http.get(url).json().path("data").asText()), StandardCharsets.US_ASCII);
  }

  /** The Dataplane's insight as {@code GET /meshes/<mesh>/dataplanes/<name>/_overview} shows it. */
  static JsonNode insight(String mesh, String name) {
    return Http.get(store.apiUrl() + "/meshes/" + mesh + "/dataplanes/" + name + "/_overview").json().path("dataplaneInsight");
  }

  /**
   * The URI SANs of the identity certificates Envoy holds ({@code /certs}), e.g. once the SDS push
   * arrived: {@code spiffe://default/backend}.
   */
  static List<String> identityUris(EnvoyAdmin admin) {
    List<String> uris = new ArrayList<>();
    for (JsonNode cert : admin.certs().path("certificates")) {
      for (JsonNode item : cert.path("cert_chain")) {
        for (JsonNode san : item.path("subject_alt_names")) {
          if (san.has("uri")) uris.add(san.get("uri").asText());
        }
      }
    }
    return uris;
  }

  /** The serial numbers of the identity certificates Envoy holds now (a renewal changes them). */
  static List<String> identitySerials(EnvoyAdmin admin) {
    List<String> serials = new ArrayList<>();
    for (JsonNode cert : admin.certs().path("certificates")) {
      for (JsonNode item : cert.path("cert_chain")) serials.add(item.path("serial_number").asText());
    }
    return serials;
  }

  /** Counts of the RBAC filters' denials on this Envoy (HTTP and network filters; shadow ones apart). */
  static long rbacDenied(EnvoyAdmin admin) {
    return admin.stats("rbac").entrySet().stream()
        .filter(e -> e.getKey().endsWith("denied") && !e.getKey().contains("shadow"))
        .mapToLong(java.util.Map.Entry::getValue).sum();
  }

  static long rbacShadowDenied(EnvoyAdmin admin) {
    return admin.statSum("rbac.*shadow_denied$");
  }

  /** Polls {@code condition} (for readiness only, never to measure); fails with {@code why} when it never holds. */
  static void awaitTrue(Duration timeout, BooleanSupplier condition, Supplier<String> why) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (holds(condition)) return;
      sleep(200);
    }
    if (!holds(condition)) throw new AssertionError("not within " + timeout + ": " + why.get());
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) { // a proxy or server still starting: not yet
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
