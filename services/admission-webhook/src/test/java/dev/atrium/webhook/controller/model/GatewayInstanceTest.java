package dev.atrium.webhook.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.webhook.controller.assembly.PodKey;
import dev.atrium.webhook.controller.model.DataplaneForPod.Want;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Identities: which instance objects belong to, which Pod a Dataplane was made from. */
class GatewayInstanceTest {
  @Test
  void ownerReferenceWhenTheInstanceIsAKubernetesObject() {
    GatewayInstance gi = GatewayInstance.of(ResourceCodec.decode("""
        apiVersion: kuma.io/v1alpha1
        kind: MeshGatewayInstance
        metadata:
          name: edge
          namespace: ingress
        """)).orElseThrow();
    Deployment d = GatewayDeployment.desired(gi, List.of(8080), GatewayObjectsGoldenTest.SETTINGS,
        Optional.of(new ManagedObjects.Owner("kuma.io/v1alpha1", "MeshGatewayInstance", "edge", "1234-uid")));
    assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo("1234-uid");
      assertThat(o.getKind()).isEqualTo("MeshGatewayInstance");
      assertThat(o.getController()).isTrue();
    });
    assertThat(ManagedObjects.instanceOf(d)).contains("edge");
    assertThat(gi.tags()).containsEntry("kuma.io/service", "edge_ingress_svc");
  }

  @Test
  void aUniversalNamedInstanceFallsBackToTheNameDotNamespace() {
    Resource r = ResourceCodec.decode("""
        type: MeshGatewayInstance
        mesh: default
        name: edge.ingress
        spec:
          replicas: 2
        """);
    assertThat(GatewayInstance.of(r)).get().extracting(GatewayInstance::namespace, GatewayInstance::name)
        .containsExactly("ingress", "edge");
  }

  @Test
  void theDataplaneOfAPodLeadsBackToThePod() {
    Pod pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("demo")
        .addToAnnotations("kuma.io/sidecar-injected", "true").endMetadata()
        .withNewSpec().addNewContainer().withName("web").endContainer().endSpec()
        .withNewStatus().withPodIP("10.0.0.1").endStatus().build();
    Want want = (Want) new DataplaneForPod(Optional.empty()).decide(pod, List.of(), null,
        p -> new DataplaneForPod.Workload("web", "Pod"));
    Resource dp = want.dataplane().resource();
    assertThat(PodKey.ofDataplane(dp)).contains(new PodKey("demo", "web-0"));
    assertThat(want.dataplane().satisfiedBy(dp)).isTrue();
    Resource universal = ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: web-0.demo
        networking:
          address: 10.0.0.1
          inbound:
          - port: 80
            tags:
              kuma.io/service: web
        """);
    assertThat(PodKey.ofDataplane(universal)).as("a Dataplane a user wrote is never the controller's").isEmpty();
  }
}
