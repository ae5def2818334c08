package dev.atrium.e2e.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.e2e.Atriumctl;
import dev.atrium.testing.bench.Machine;
import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.yaml.MeshYaml;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proxy certificates that live one minute ({@code dpCert.rotation.expiration: 1m}) are renewed at 4/5
 * of their life while traffic flows: 50 requests/s through a builtin gateway to a sidecar'd backend for
 * 3 minutes (both ends rotating) — at least 3 renewals recorded in each DataplaneInsight's
 * {@code mTLS.certificateRegenerations}, seen by the Envoys as new serials, and not one failed request.
 */
class CertificateRotationE2ETest extends WithMeshControlPlane {
  private static final int RATE = 50;
  private static final Duration LOAD = Duration.ofMinutes(3);

  @Test
  void certificatesRenewUnderLoadWithoutAFailedRequest() throws Exception {
    put("/meshes/default", MeshYaml.builtinMtlsMesh("default", "STRICT", "1m"));
    put("/meshes/default/meshtrafficpermissions/allow-gateway",
        MeshYaml.permission("default", "allow-gateway", "backend", "edge-gateway", "Allow"));
    EchoServer app = track(EchoServer.start("backend-app"));
    DataplaneAgent backend = agent(MeshYaml.sidecar("default", "backend-1", Ports.free(), app.port(), "backend", "http"));
    int port = Ports.free();
    put("/meshes/default/meshgateways/edge-gateway", MeshYaml.httpGateway("default", "edge-gateway", port, false, null));
    put("/meshes/default/meshgatewayroutes/to-backend", MeshYaml.routeAll("default", "to-backend", "edge-gateway", "backend"));
    DataplaneAgent gateway = agent(MeshYaml.builtinGateway("default", "edge-gateway-1", "edge-gateway"));
    String url = "http://127.0.0.1:" + port + "/rotating";
    awaitTrue(Duration.ofSeconds(30), () -> Requests.get(url).status() == 200, () -> "never served: " + Requests.get(url));

    // Baseline once both first certificates are recorded, so the count below is renewals only.
    awaitTrue(Duration.ofSeconds(15), () -> regenerations("backend-1") >= 1 && regenerations("edge-gateway-1") >= 1,
        () -> "the first certificates are not in the insights: " + insight("default", "edge-gateway-1"));
    long backendBefore = regenerations("backend-1");
    long gatewayBefore = regenerations("edge-gateway-1");
    Set<String> backendSerials = ConcurrentHashMap.newKeySet();
    Set<String> gatewaySerials = ConcurrentHashMap.newKeySet();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(() -> {
      try {
        backendSerials.addAll(identitySerials(backend.admin()));
        gatewaySerials.addAll(identitySerials(gateway.admin()));
      } catch (RuntimeException e) {
        // an admin call that failed is a missed sample, not a failed request
      }
    }, 0, 2, TimeUnit.SECONDS);

    Requests.LoadResult load;
    try {
      load = Requests.load(url, RATE, LOAD);
    } finally {
      sampler.shutdownNow();
    }
    // The insight is written by the xds-server after the push; give the last renewal a moment to land.
    awaitTrue(Duration.ofSeconds(15), () -> regenerations("backend-1") - backendBefore >= 3
        && regenerations("edge-gateway-1") - gatewayBefore >= 3, () -> "fewer than 3 renewals: " + insight("default", "backend-1"));
    long backendRenewals = regenerations("backend-1") - backendBefore;
    long gatewayRenewals = regenerations("edge-gateway-1") - gatewayBefore;
    JsonNode mtls = insight("default", "backend-1").path("mTLS");

    System.out.println("machine:\n" + Machine.describe());
    System.out.printf("rotation (expiration 1m): %d requests in %.1f s at %d/s, %d ok, %d failed; renewals in the insight:"
        + " backend +%d (total %d), gateway +%d (total %d); distinct serials seen by Envoy: backend %d, gateway %d;"
        + " backend mTLS %s%n", load.sent(), load.seconds(), RATE, load.ok(), load.failed(), backendRenewals,
        regenerations("backend-1"), gatewayRenewals, regenerations("edge-gateway-1"), backendSerials.size(), gatewaySerials.size(), mtls);
    System.out.println("inspect dataplanes:\n" + Atriumctl.run(store.apiUrl(), "inspect", "dataplanes").stdout());

    assertThat(load.sent()).isEqualTo(RATE * LOAD.toSeconds());
    assertThat(load.failures()).as("failed requests").isEmpty();
    assertThat(backendRenewals).isGreaterThanOrEqualTo(3);
    assertThat(gatewayRenewals).isGreaterThanOrEqualTo(3);
    assertThat(backendSerials).as("Envoy received the renewed certificates over SDS").hasSizeGreaterThanOrEqualTo(4);
    assertThat(gatewaySerials).hasSizeGreaterThanOrEqualTo(4);
    assertThat(mtls.path("issuedBackend").asText()).isEqualTo(MeshYaml.CA);
    Duration lifetime = Duration.between(Instant.parse(mtls.path("lastCertificateRegeneration").asText()),
        Instant.parse(mtls.path("certificateExpirationTime").asText()));
    assertThat(lifetime).as("the certificate lives dpCert.rotation.expiration").isBetween(Duration.ofSeconds(50), Duration.ofSeconds(70));
  }

  private static long regenerations(String dataplane) {
    return insight("default", dataplane).path("mTLS").path("certificateRegenerations").asLong(0);
  }
}
