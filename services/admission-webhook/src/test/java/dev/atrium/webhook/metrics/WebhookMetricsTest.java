package dev.atrium.webhook.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.testing.prometheus.Exposition;
import dev.atrium.testing.prometheus.Promtool;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The webhook's counters as an operator reads them on the management port's {@code /q/metrics}, after
 * AdmissionReviews sent over HTTPS as the API server sends them: one injection per Pod that got the
 * sidecar, in its mode (and none for a Pod already injected); one rejection per refused kuma.io object,
 * by kind; and an exposition promtool accepts.
 */
@QuarkusTest
@WithTestResource(WebhookCluster.class)
class WebhookMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource(value = "/", tls = true)
  URL webhook;

  @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
  URL metrics;

  @Test
  void eachInjectedPodIsCountedOnceInItsMode() throws Exception {
    Exposition before = scrape();

    assertThat(admit("/mutate/pods", podReview("web", ""))).isEqualTo("JSONPatch");
    assertThat(admit("/mutate/pods", podReview("kong", "\"kuma.io/gateway\":\"enabled\""))).isEqualTo("JSONPatch");
    assertThat(admit("/mutate/pods", podReview("again", "\"kuma.io/sidecar-injected\":\"true\""))).isEmpty();

    Exposition after = scrape();
    assertThat(delta(before, after, "atrium_webhook_injections_total", "mode", "sidecar")).isEqualTo(1);
    assertThat(delta(before, after, "atrium_webhook_injections_total", "mode", "gateway")).isEqualTo(1);
  }

  @Test
  void aRefusedMeshGatewayIsCountedByWebhookAndKind() throws Exception {
    Exposition before = scrape();

    String review = """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
         "kind":{"group":"kuma.io","version":"v1alpha1","kind":"MeshGateway"},"operation":"CREATE","name":"broken",
         "object":{"apiVersion":"kuma.io/v1alpha1","kind":"MeshGateway","mesh":"default","metadata":{"name":"broken"},
          "spec":{"selectors":[],"conf":{"listeners":[{"port":8080,"protocol":"HTTP"}]}}}}}""".formatted(UUID.randomUUID());
    JsonNode response = JSON.readTree(post("/validate/kuma", review)).path("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();

    Exposition after = scrape();
    assertThat(delta(before, after, "atrium_webhook_rejections_total", "webhook", "kuma", "kind", "MeshGateway"))
        .isEqualTo(1);
    assertThat(after.value("atrium_webhook_admission_seconds_count", "webhook", "kuma", "outcome", "refused"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void theManagementPortsExpositionPassesPromtool() throws Exception {
    admit("/mutate/pods", podReview("for-promtool", "")); // so that the webhook's own meters have samples
    String exposition = get(metrics.toURI());
    assertThat(exposition).contains("atrium_webhook_injections_total", "atrium_webhook_admission_seconds_bucket");
    Promtool.Check check = Promtool.checkMetrics(exposition);
    assertThat(check.clean()).as(check.toString()).isTrue();
  }

  /** A Pod CREATE in the injection-enabled namespace; {@code annotations} are JSON members, maybe none. */
  private static String podReview(String name, String annotations) {
    return """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
         "kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"%s","name":"%s",
         "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","annotations":{%s}},
          "spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}}}"""
        .formatted(UUID.randomUUID(), WebhookCluster.NAMESPACE, name, name, WebhookCluster.NAMESPACE, annotations);
  }

  /** Sends {@code review} and returns the answer's patch type: {@code JSONPatch}, or empty when allowed unchanged. */
  private String admit(String path, String review) throws Exception {
    JsonNode response = JSON.readTree(post(path, review)).path("response");
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    return response.path("patchType").asText("");
  }

  private String post(String path, String body) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(WebhookCluster.certificates.trustingCa()).build();
    // The certificate names 127.0.0.1, not localhost.
    URI uri = new URI("https", null, "127.0.0.1", webhook.getPort(), path, null, null);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private Exposition scrape() throws Exception {
    return Exposition.parse(get(metrics.toURI()));
  }

  /** As curl asks: any format. */
  private static String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(uri).header("Accept", "*/*").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
    return response.body();
  }

  private static double delta(Exposition before, Exposition after, String name, String... labels) {
    return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
  }
}
