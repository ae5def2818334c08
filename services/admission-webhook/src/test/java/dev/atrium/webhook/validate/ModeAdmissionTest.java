package dev.atrium.webhook.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.Mappers;
import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.webhook.admission.AdmissionRequest;
import dev.atrium.webhook.admission.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kuma 2.14's webhook rules per mode, driven with AdmissionReviews as the API server sends them. */
class ModeAdmissionTest {
  private static final String STORE = "system:serviceaccount:kuma-system:atrium-resource-store";

  private static ModeAdmission mode(ControlPlaneMode mode) {
    return new ModeAdmission(mode, "kuma-system", List.of(STORE));
  }

  private static AdmissionRequest review(String kind, String namespace, String labels, String user) throws Exception {
    return AdmissionRequest.parse(Mappers.JSON.readTree("""
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
          "uid": "u-1", "kind": {"group": "kuma.io", "version": "v1alpha1", "kind": "%s"},
          "operation": "CREATE", "namespace": "%s", "name": "x", "userInfo": {"username": "%s"},
          "object": {"apiVersion": "kuma.io/v1alpha1", "kind": "%s", "metadata": {"name": "x", "labels": %s}, "spec": {}}}}
        """.formatted(kind, namespace, user, kind, labels)));
  }

  @Test
  void globalRefusesAMeshGatewayInstanceWithKumasSentence() throws Exception {
    Optional<Verdict.Refuse> refused = mode(ControlPlaneMode.GLOBAL).check(review("MeshGatewayInstance", "default", "{}", "alice"));
    assertThat(refused).get().extracting(Verdict.Refuse::code, Verdict.Refuse::message).containsExactly(403,
        "Operation not allowed. Kuma resources like MeshGatewayInstance can be created only from the 'zone' control plane"
            + " and not from a 'global' control plane.");
  }

  @Test
  void globalRefusesDataplanesAndAZoneRefusesMeshes() throws Exception {
    assertThat(mode(ControlPlaneMode.GLOBAL).check(review("Dataplane", "default", "{}", "alice"))).get()
        .extracting(Verdict.Refuse::message).isEqualTo("Operation not allowed. Kuma resources like Dataplane can be updated"
            + " or deleted only from the ZONE control plane and not from a GLOBAL control plane.");
    assertThat(mode(ControlPlaneMode.ZONE).check(review("Mesh", "", "{}", "alice"))).get()
        .extracting(Verdict.Refuse::message).isEqualTo("Operation not allowed. Kuma resources like Mesh can be updated"
            + " or deleted only from the GLOBAL control plane and not from a ZONE control plane.");
    assertThat(mode(ControlPlaneMode.GLOBAL).check(review("MeshTimeout", "kuma-system", "{}", "alice"))).isEmpty();
  }

  @Test
  void aZonePolicyInTheSystemNamespaceMustSayItsOrigin() throws Exception {
    Verdict.Refuse refused = mode(ControlPlaneMode.ZONE).check(review("MeshTimeout", "kuma-system", "{}", "alice")).orElseThrow();
    assertThat(refused.message()).isEqualTo(
        "Operation not allowed. Applying policies on Zone CP on a system namespace requires 'kuma.io/origin' label to be set to 'zone'.");
    assertThat(refused.causes()).containsExactly(new Verdict.Cause("metadata.labels[kuma.io/origin]", "cannot be empty"));
    assertThat(mode(ControlPlaneMode.ZONE).check(review("MeshTimeout", "kuma-system", "{\"kuma.io/origin\": \"zone\"}", "alice")))
        .isEmpty();
    assertThat(mode(ControlPlaneMode.ZONE).check(review("MeshTimeout", "shop", "{}", "alice"))).as("another namespace").isEmpty();
  }

  @Test
  void onGlobalAPolicyMayNotSayItCameFromAZone() throws Exception {
    assertThat(mode(ControlPlaneMode.GLOBAL).check(review("MeshRetry", "kuma-system", "{\"kuma.io/origin\": \"zone\"}", "alice")))
        .get().extracting(Verdict.Refuse::message)
        .isEqualTo("Operation not allowed. 'kuma.io/origin' label should have 'global' value, got 'zone'");
  }

  @Test
  void theControlPlanesOwnWritersAndStandaloneArePassed() throws Exception {
    assertThat(mode(ControlPlaneMode.ZONE).check(review("Mesh", "", "{}", STORE))).as("the zone sync writes global's Meshes").isEmpty();
    assertThat(mode(ControlPlaneMode.STANDALONE).check(review("MeshGatewayInstance", "default", "{}", "alice"))).isEmpty();
  }
}
