package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the golden files cannot say at a glance, checked for every value set: labels and namespaces,
 * that each Service and PodDisruptionBudget selects its Deployment's Pods and names real ports, probes
 * on Quarkus' health endpoints, images, service accounts and their tokens, scrape annotations.
 */
class ChartConventionsTest {
  private static final List<String> COMPONENTS = List.of("resource-store", "xds-server", "admission-webhook", "metrics");
  private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding",
      "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
  private static Helm helm;

  @BeforeAll
  static void locate() {
    helm = Helm.locate();
  }

  @AfterAll
  static void clean() {
    helm.close();
  }

  private static Manifests render(ChartCases c) {
    return Manifests.parse(helm.renderOk(c.valuesFiles()));
  }

  @ParameterizedTest
  @EnumSource(ChartCases.class)
  void everyObjectHasTheStandardLabelsAndTheReleaseNamespace(ChartCases c) {
    for (JsonNode o : render(c).all()) {
      String what = o.path("kind").asText() + " " + o.path("metadata").path("name").asText();
      JsonNode labels = o.path("metadata").path("labels");
      assertThat(labels.path("app.kubernetes.io/name").asText()).as(what).isEqualTo("atrium");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).as(what).isEqualTo(Helm.RELEASE);
      assertThat(labels.path("app.kubernetes.io/version").asText()).as(what).isEqualTo("0.1.0");
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).as(what).isEqualTo("Helm");
      assertThat(labels.path("helm.sh/chart").asText()).as(what).isEqualTo("atrium-0.1.0");
      String kind = o.path("kind").asText();
      String namespace = o.path("metadata").path("namespace").asText("");
      if (CLUSTER_SCOPED.contains(kind)) {
        assertThat(namespace).as(what + " is cluster-scoped").isEmpty();
      } else if (!isElsewhereByDesign(o)) {
        assertThat(namespace).as(what).isEqualTo(Helm.NAMESPACE);
      }
      if (!kind.equals("ServiceMonitor")) {
        assertThat(labels.path("app.kubernetes.io/component").asText()).as(what).isNotEmpty();
      }
    }
  }

  /** The store's Secrets Role lives in its system namespace, gateway RoleBindings in gateway namespaces. */
  private static boolean isElsewhereByDesign(JsonNode o) {
    String name = o.path("metadata").path("name").asText();
    // The helm test Pod runs where the admin token's Secret is: the store's system namespace.
    return name.equals("atrium-resource-store-secrets") || name.equals("atrium-admission-webhook-gateways")
        || name.equals("atrium-test-store-api");
  }

  @ParameterizedTest
  @EnumSource(ChartCases.class)
  void everyComponentIsADeploymentWithItsServiceAccountServiceAndBudget(ChartCases c) {
    Manifests m = render(c);
    for (String component : COMPONENTS) {
      String name = "atrium-" + component;
      JsonNode deployment = m.get("Deployment", name);
      JsonNode pod = deployment.path("spec").path("template");
      Map<String, String> podLabels = strings(pod.path("metadata").path("labels"));
      assertThat(podLabels).as(name + " Pod labels").containsAllEntriesOf(strings(deployment.path("spec").path("selector").path("matchLabels")));
      assertThat(podLabels).containsEntry("app.kubernetes.io/component", component);

      assertThat(pod.path("spec").path("serviceAccountName").asText()).isEqualTo(name);
      assertThat(m.get("ServiceAccount", name)).isNotNull();

      JsonNode service = m.get("Service", name);
      assertThat(podLabels).as(name + " Service selector").containsAllEntriesOf(strings(service.path("spec").path("selector")));
      JsonNode container = pod.path("spec").path("containers").get(0);
      Set<String> containerPorts = new HashSet<>();
      container.path("ports").forEach(p -> containerPorts.add(p.path("name").asText()));
      service.path("spec").path("ports").forEach(p ->
          assertThat(containerPorts).as(name + " Service targetPort").contains(p.path("targetPort").asText()));

      JsonNode budget = m.get("PodDisruptionBudget", name);
      assertThat(podLabels).as(name + " PodDisruptionBudget selector")
          .containsAllEntriesOf(strings(budget.path("spec").path("selector").path("matchLabels")));

      assertThat(container.path("image").asText()).isEqualTo("ghcr.io/atrium-mesh/" + component + ":0.1.0");
      assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
      assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
      assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(probePath(container, "livenessProbe")).isEqualTo("/q/health/live");
      assertThat(probePath(container, "readinessProbe")).isEqualTo("/q/health/ready");
      assertThat(probePath(container, "startupProbe")).isEqualTo("/q/health/started");
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        assertThat(containerPorts).as(name + " " + probe + " port").contains(container.path(probe).path("httpGet").path("port").asText());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ChartCases.class)
  void onlyServicesThatCallTheApiServerGetAToken(ChartCases c) {
    Manifests m = render(c);
    boolean kubeStore = c == ChartCases.CERTMANAGER_HA_KUBERNETES;
    // The xds-server checks proxies' service account tokens (xds.auth.type serviceAccountToken, the
    // default; the cert-manager case asks for dataplane tokens instead).
    boolean tokenReview = c != ChartCases.CERTMANAGER_HA_KUBERNETES;
    Map<String, Boolean> expected = Map.of("resource-store", kubeStore, "xds-server", tokenReview,
        "admission-webhook", true, "metrics", false);
    expected.forEach((component, token) -> {
      String name = "atrium-" + component;
      assertThat(m.get("ServiceAccount", name).path("automountServiceAccountToken").asBoolean()).as(name).isEqualTo(token);
      assertThat(m.get("Deployment", name).path("spec").path("template").path("spec").path("automountServiceAccountToken").asBoolean())
          .as(name).isEqualTo(token);
    });
    // Roles bind only the service accounts that use them.
    Set<String> bound = new HashSet<>();
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      m.ofKind(kind).forEach(b -> b.path("subjects").forEach(s -> bound.add(s.path("name").asText())));
    }
    List<String> expectedBound = new ArrayList<>(List.of("atrium-admission-webhook"));
    if (kubeStore) expectedBound.add("atrium-resource-store");
    if (tokenReview) expectedBound.add("atrium-xds-server");
    assertThat(bound).containsExactlyInAnyOrderElementsOf(expectedBound);
  }

  @ParameterizedTest
  @EnumSource(ChartCases.class)
  void podsServingMetricsCarryScrapeAnnotations(ChartCases c) {
    Manifests m = render(c);
    boolean annotated = c != ChartCases.CERTMANAGER_HA_KUBERNETES; // that set turns them off
    Map<String, String> ports = new HashMap<>(Map.of("resource-store", "5681", "xds-server", "5678", "admission-webhook", "5444",
        "metrics", "5680"));
    ports.forEach((component, port) -> {
      JsonNode annotations = m.get("Deployment", "atrium-" + component).path("spec").path("template").path("metadata").path("annotations");
      if (annotated) {
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(port);
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
      } else {
        assertThat(annotations.has("prometheus.io/scrape")).isFalse();
      }
    });
  }

  private static String probePath(JsonNode container, String probe) {
    return container.path(probe).path("httpGet").path("path").asText();
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new HashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
