package dev.atrium.webhook.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.webhook.admission.LookupUnavailableException;
import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.metrics.AdmissionMeters;
import dev.atrium.webhook.patch.JsonPatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REVIEW = """
      {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
       "kind":{"group":"","version":"v1","kind":"Service"},"operation":"CREATE","namespace":"demo","name":"web",
       "object":{"metadata":{"name":"web"}}}}""";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AdmissionHandler handler = new AdmissionHandler(new AdmissionMeters(registry));

  @Test
  void aPatchIsSentBase64WithTheRequestsUid() throws Exception {
    Response r = handler.handle("services", REVIEW, req -> new Verdict.Patch("x",
        new JsonPatch().putInMap(req.object(), "/metadata/annotations", "a", "b")));
    JsonNode review = JSON.readTree((String) r.getEntity());
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode response = review.path("response");
    assertThat(response.path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8))
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"b\"}}]");
    assertThat(registry.get("atrium.webhook.admission").tag("webhook", "services").tag("outcome", "patched").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aRefusalCarriesItsStatusAndCauses() throws Exception {
    Response r = handler.handle("kuma", REVIEW, req -> new Verdict.Refuse(422, "Invalid", "MeshGateway is not valid: a: b",
        List.of(new Verdict.Cause("a", "b"))));
    JsonNode response = JSON.readTree((String) r.getEntity()).path("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/code").asInt()).isEqualTo(422);
    assertThat(response.at("/status/reason").asText()).isEqualTo("Invalid");
    assertThat(response.at("/status/message").asText()).isEqualTo("MeshGateway is not valid: a: b");
    assertThat(response.at("/status/details/causes/0/field").asText()).isEqualTo("a");
    assertThat(response.at("/status/details/name").asText()).isEqualTo("web");
    assertThat(response.at("/status/details/kind").asText()).isEqualTo("Service");
    assertThat(response.has("patch")).isFalse();
    assertThat(registry.get("atrium.webhook.rejections").tag("webhook", "kuma").tag("kind", "Service").counter().count())
        .isEqualTo(1);
  }

  @Test
  void warningsGoBackToTheClient() throws Exception {
    Response r = handler.handle("kuma", REVIEW, req -> new Verdict.Allow("n", List.of("not checked")));
    assertThat(JSON.readTree((String) r.getEntity()).at("/response/warnings/0").asText()).isEqualTo("not checked");
  }

  @Test
  void aBodyThatIsNoAdmissionReviewIs400() {
    assertThat(handler.handle("pods", "{\"kind\":\"Pod\"}", req -> new Verdict.Allow("n")).getStatus()).isEqualTo(400);
    assertThat(handler.handle("pods", "not json", req -> new Verdict.Allow("n")).getStatus()).isEqualTo(400);
  }

  @Test
  void aFailedLookupIs500SoTheFailurePolicyDecides() {
    Response r = handler.handle("pods", REVIEW, req -> {
      throw new LookupUnavailableException("store down", null);
    });
    assertThat(r.getStatus()).isEqualTo(500);
    assertThat(registry.get("atrium.webhook.admission").tag("outcome", "error").timer().count()).isEqualTo(1);
  }
}
