package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.api.store.v1.ListRequest;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.MetricsProcess;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import dev.atrium.testing.prometheus.Exposition;
import dev.atrium.testing.tls.InternalCertificates;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Store gRPC API between Atrium's services is mutual TLS with the internal CA (every packaged service
 * here gets its certificate from libs/testing's {@link InternalCertificates}, as the chart and
 * deploy/local/run.sh give theirs): a caller without a certificate, or with one from another CA, is
 * refused with UNAUTHENTICATED, the store logs the refusal with the caller's address and counts it on its
 * {@code /q/metrics}; with the right certificate the same call works; a resource written through REST
 * reaches the xds-server's and the metrics service's followers over their mutual-TLS Watch; and a service
 * without its key does not start.
 */
class StoreMutualTlsE2ETest {
  private static final String REFUSALS = "atrium_store_grpc_tls_refusals_total";

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static MetricsProcess metrics;

  @BeforeAll
  static void startControlPlane() {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    metrics = new MetricsProcess(store, dir.resolve("metrics")).start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable p : new AutoCloseable[] {metrics, xds, store}) {
      try {
        if (p != null) p.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  @Test
  void aCallerWithoutACertificateIsRefusedLoggedAndCounted() {
    double before = refusals("no_certificate");

    assertRefused(StoreChannels.builder("127.0.0.1", store.grpcPort(), null, null).build(), "no client certificate");

    assertThat(refusals("no_certificate")).isEqualTo(before + 1);
    assertThat(store.logTail()).containsPattern("INFO .*Store gRPC: refused the connection from 127\\.0\\.0\\.1:\\d+: no client certificate");
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedLoggedAndCounted() {
    InternalCertificates otherCa = InternalCertificates.create(dir.resolve("other-ca"), "atrium-internal-ca");
    double before = refusals("untrusted_certificate");

    // Same CA name, same service name: only the signature tells them apart.
    assertRefused(StoreChannels.builder("127.0.0.1", store.grpcPort(), otherCa, "xds-server").build(),
        "is not accepted by the internal CA");

    assertThat(refusals("untrusted_certificate")).isEqualTo(before + 1);
    assertThat(store.logTail()).containsPattern(
        "INFO .*Store gRPC: refused the connection from 127\\.0\\.0\\.1:\\d+: certificate subject \"CN=xds-server\"");
  }

  @Test
  void plaintextGetsNoAnswer() {
    ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", store.grpcPort()).usePlaintext().build();
    try {
      assertThatThrownBy(() -> list(plaintext)).isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      plaintext.shutdownNow();
    }
  }

  @Test
  void withTheRightCertificateTheStoreAnswersAndTheServicesStillTalk() {
    ManagedChannel channel = StoreChannels.to(store.grpcPort());
    try {
      assertThat(list(channel)).isGreaterThanOrEqualTo(0);
    } finally {
      channel.shutdownNow();
    }

    long xdsRevision = xdsFollowerRevision();
    put("/meshes/mtls", """
        type: Mesh
        name: mtls
        metrics:
          enabledBackend: prometheus-1
          backends:
            - name: prometheus-1
              type: prometheus
              conf: {port: 5670, path: /metrics}
        """);
    put("/meshes/mtls/dataplanes/web-1", """
        type: Dataplane
        mesh: mtls
        name: web-1
        networking:
          address: 127.0.0.1
          inbound:
            - port: 15000
              servicePort: 5000
              tags: {kuma.io/service: web}
        """);

    // The xds-server's follower (its Watch over mutual TLS) moves on to the new revisions...
    assertThat(eventually(() -> xdsFollowerRevision() >= xdsRevision + 2)).as("xds-server follower revision").isTrue();
    // ...and the metrics service's discovery lists the new proxy.
    assertThat(eventually(() -> Http.get(metrics.discoveryUrl() + "?mesh=mtls").body().contains("\"web-1\"")))
        .as(Http.get(metrics.discoveryUrl()).body()).isTrue();
    assertThat(metrics.logTail()).doesNotContain("UNAUTHENTICATED");
    assertThat(xds.logTail()).doesNotContain("UNAUTHENTICATED");
  }

  @Test
  void aServiceWithoutItsKeyDoesNotStartAndSaysWhichSettingIsMissing() {
    XdsServerProcess noKey = new XdsServerProcess(store, dir.resolve("xds-no-key")).withoutEnv(InternalCertificates.KEY_FILE);
    try {
      assertThatThrownBy(noKey::start).hasMessageContaining("ATRIUM_INTERNAL_TLS_KEY_FILE is not set")
          .hasMessageContaining("ATRIUM_INTERNAL_TLS=disabled for development only");
    } finally {
      noKey.close();
    }
  }

  private static void assertRefused(ManagedChannel channel, String reason) {
    try {
      assertThatThrownBy(() -> list(channel)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getStatus().getDescription())
            .startsWith("the Store gRPC API requires a client certificate signed by Atrium's internal CA: ")
            .contains(reason);
      });
    } finally {
      channel.shutdownNow();
    }
  }

  private static long list(ManagedChannel channel) {
    return StoreGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .list(ListRequest.newBuilder().setKind("Mesh").build()).getRevision();
  }

  private static double refusals(String reason) {
    return Exposition.parse(Http.get(store.apiUrl() + "/q/metrics").body()).value(REFUSALS, "reason", reason);
  }

  /** The revision the xds-server's store follower has applied, from its readiness check. */
  private static long xdsFollowerRevision() {
    JsonNode ready = Http.get(xds.url() + "/q/health/ready").json();
    for (JsonNode check : ready.path("checks")) {
      if (check.path("name").asText().equals("store-follower")) return check.at("/data/revision").asLong();
    }
    throw new AssertionError("no store-follower check: " + ready);
  }

  private static void put(String path, String yaml) {
    Http.Reply reply = Http.put(store.apiUrl() + path, yaml, "application/yaml");
    if (reply.status() / 100 != 2) throw new AssertionError("PUT " + path + " answered " + reply.status() + ": " + reply.body());
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
