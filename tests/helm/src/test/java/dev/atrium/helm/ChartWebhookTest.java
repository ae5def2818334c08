package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook configurations and their TLS: what the API server is told to call, for which objects,
 * and with which CA, for the Helm-generated certificate and for cert-manager.
 */
class ChartWebhookTest {
  private static final String WEBHOOK = "atrium-admission-webhook";
  private static Helm helm;

  @BeforeAll
  static void locate() {
    helm = Helm.locate();
  }

  @AfterAll
  static void clean() {
    helm.close();
  }

  @Test
  void generatedCertificateIsSignedByTheCaEveryWebhookTrusts() throws Exception {
    Manifests m = Manifests.parse(helm.renderOk(ChartCases.DEFAULT.valuesFiles()));
    JsonNode secret = m.get("Secret", WEBHOOK + "-tls");
    assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/tls");
    String ca = secret.path("data").path("ca.crt").asText();
    for (JsonNode hook : hooks(m)) {
      assertThat(hook.path("clientConfig").path("caBundle").asText()).as(hook.path("name").asText()).isEqualTo(ca);
    }
    X509Certificate caCert = x509(ca);
    X509Certificate serving = x509(secret.path("data").path("tls.crt").asText());
    serving.verify(caCert.getPublicKey());
    assertThat(caCert.getBasicConstraints()).as("CA").isGreaterThanOrEqualTo(0);
    List<String> names = new ArrayList<>();
    serving.getSubjectAlternativeNames().forEach(san -> names.add(String.valueOf(san.get(1))));
    assertThat(names).contains(WEBHOOK + ".atrium-system.svc", WEBHOOK + ".atrium-system.svc.cluster.local");
    // The key in the Secret belongs to the certificate.
    assertThat(new String(Base64.getDecoder().decode(secret.path("data").path("tls.key").asText()))).contains("PRIVATE KEY");
    // The Deployment mounts exactly this Secret where WebhookConfig's defaults expect the files.
    JsonNode pod = m.get("Deployment", WEBHOOK).path("spec").path("template").path("spec");
    assertThat(pod.path("volumes").toString()).contains("\"secretName\":\"" + WEBHOOK + "-tls\"");
    assertThat(pod.path("containers").get(0).path("volumeMounts").toString()).contains("\"mountPath\":\"/etc/atrium/webhook\"");
  }

  @Test
  void everyWebhookCallsTheWebhookServiceOnItsHttpsPort() {
    Manifests m = Manifests.parse(helm.renderOk(ChartCases.DEFAULT.valuesFiles()));
    JsonNode service = m.get("Service", WEBHOOK);
    int httpsPort = -1;
    for (JsonNode p : service.path("spec").path("ports")) {
      if (p.path("targetPort").asText().equals("https-webhook")) httpsPort = p.path("port").asInt();
    }
    List<String> paths = new ArrayList<>();
    for (JsonNode hook : hooks(m)) {
      JsonNode svc = hook.path("clientConfig").path("service");
      assertThat(svc.path("name").asText()).isEqualTo(WEBHOOK);
      assertThat(svc.path("namespace").asText()).isEqualTo(Helm.NAMESPACE);
      assertThat(svc.path("port").asInt()).isEqualTo(httpsPort);
      assertThat(hook.path("sideEffects").asText()).isEqualTo("None");
      assertThat(hook.path("admissionReviewVersions").toString()).isEqualTo("[\"v1\"]");
      paths.add(hook.path("name").asText() + " " + svc.path("path").asText());
    }
    assertThat(paths).containsExactly("pods.atrium.dev /mutate/pods", "pods-opt-in.atrium.dev /mutate/pods",
        "services.atrium.dev /mutate/services", "kuma.atrium.dev /validate/kuma");
  }

  @Test
  void mutatingWebhooksSelectInjectionNamespacesAndNeverTheControlPlanes() {
    Manifests m = Manifests.parse(helm.renderOk(ChartCases.DEFAULT.valuesFiles()));
    JsonNode webhooks = m.get("MutatingWebhookConfiguration", WEBHOOK).path("webhooks");
    JsonNode pods = webhooks.get(0);
    assertThat(pods.path("rules").toString()).contains("\"operations\":[\"CREATE\"]", "\"resources\":[\"pods\"]");
    assertThat(pods.path("namespaceSelector").toString())
        .contains("{\"key\":\"kuma.io/sidecar-injection\",\"operator\":\"In\",\"values\":[\"enabled\",\"true\",\"yes\"]}")
        .contains("{\"key\":\"kubernetes.io/metadata.name\",\"operator\":\"NotIn\",\"values\":[\"kube-system\",\"atrium-system\"]}");
    JsonNode optIn = webhooks.get(1);
    assertThat(optIn.path("objectSelector").toString())
        .contains("{\"key\":\"kuma.io/sidecar-injection\",\"operator\":\"In\",\"values\":[\"enabled\",\"true\",\"yes\"]}");
    assertThat(optIn.path("namespaceSelector").toString())
        .contains("{\"key\":\"kuma.io/sidecar-injection\",\"operator\":\"NotIn\",\"values\":[\"enabled\",\"true\",\"yes\"]}");
    JsonNode services = webhooks.get(2);
    assertThat(services.path("rules").toString()).contains("\"operations\":[\"CREATE\",\"UPDATE\"]", "\"resources\":[\"services\"]");
    assertThat(services.path("namespaceSelector")).isEqualTo(pods.path("namespaceSelector"));
  }

  @Test
  void validatingWebhookCoversEveryCrdButTheStoresOwnWrites() {
    Manifests m = Manifests.parse(helm.renderOk(ChartCases.DEFAULT.valuesFiles()));
    JsonNode hook = m.get("ValidatingWebhookConfiguration", WEBHOOK).path("webhooks").get(0);
    List<String> resources = new ArrayList<>();
    hook.path("rules").get(0).path("resources").forEach(r -> resources.add(r.asText()));
    assertThat(resources).containsExactlyInAnyOrderElementsOf(ChartCases.crdPlurals());
    assertThat(hook.path("rules").get(0).path("apiGroups").toString()).isEqualTo("[\"kuma.io\"]");
    assertThat(hook.path("matchConditions").get(0).path("expression").asText())
        .isEqualTo("request.userInfo.username != 'system:serviceaccount:atrium-system:atrium-resource-store'");
  }

  @Test
  void certManagerIssuesTheCertificateAndInjectsTheCa() {
    Manifests m = Manifests.parse(helm.renderOk(ChartCases.CERTMANAGER_HA_KUBERNETES.valuesFiles()));
    assertThat(m.has("Secret", WEBHOOK + "-tls")).as("cert-manager makes the Secret").isFalse();
    JsonNode certificate = m.get("Certificate", WEBHOOK);
    assertThat(certificate.path("spec").path("secretName").asText()).isEqualTo(WEBHOOK + "-tls");
    assertThat(certificate.path("spec").path("dnsNames").toString()).contains(WEBHOOK + ".atrium-system.svc");
    assertThat(certificate.path("spec").path("issuerRef").path("name").asText()).isEqualTo(WEBHOOK + "-selfsigned");
    assertThat(m.get("Issuer", WEBHOOK + "-selfsigned").path("spec").has("selfSigned")).isTrue();
    for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
      JsonNode config = m.get(kind, WEBHOOK);
      assertThat(config.path("metadata").path("annotations").path("cert-manager.io/inject-ca-from").asText())
          .isEqualTo("atrium-system/" + WEBHOOK);
      config.path("webhooks").forEach(h -> assertThat(h.path("clientConfig").has("caBundle")).isFalse());
    }
  }

  @Test
  void certManagerWithAnIssuerOfYoursMakesNoIssuer() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "webhook.certManager.enabled=true",
        "--set", "webhook.certManager.issuerRef.name=corp-ca", "--set", "webhook.certManager.issuerRef.kind=ClusterIssuer"));
    assertThat(m.ofKind("Issuer")).isEmpty();
    assertThat(m.get("Certificate", WEBHOOK).path("spec").path("issuerRef").toString())
        .isEqualTo("{\"kind\":\"ClusterIssuer\",\"name\":\"corp-ca\"}");
  }

  private static List<JsonNode> hooks(Manifests m) {
    List<JsonNode> out = new ArrayList<>();
    m.get("MutatingWebhookConfiguration", WEBHOOK).path("webhooks").forEach(out::add);
    m.get("ValidatingWebhookConfiguration", WEBHOOK).path("webhooks").forEach(out::add);
    return out;
  }

  private static X509Certificate x509(String base64Pem) throws Exception {
    byte[] pem = Base64.getDecoder().decode(base64Pem);
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }
}
