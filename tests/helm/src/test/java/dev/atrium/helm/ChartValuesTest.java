package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.schema.json refuses what the services would refuse later (or silently ignore), naming the
 * field; the templates refuse combinations a schema cannot say clearly.
 */
class ChartValuesTest {
  private static Helm helm;

  @BeforeAll
  static void locate() {
    helm = Helm.locate();
  }

  @AfterAll
  static void clean() {
    helm.close();
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("store.backend=mysql", "at '/store/backend'", "must be one of 'embedded', 'postgres', 'kubernetes'"),
        Arguments.of("unknownKey=1", "at ''", "additional properties 'unknownKey' not allowed"),
        Arguments.of("store.replica=2", "at '/store'", "additional properties 'replica' not allowed"),
        Arguments.of("xds.service.port=70000", "at '/xds/service/port'", "maximum"),
        Arguments.of("webhook.failurePolicy=Sometimes", "at '/webhook/failurePolicy'", "must be one of 'Fail', 'Ignore'"),
        Arguments.of("webhook.controllers.leaseDuration=15", "at '/webhook/controllers/leaseDuration'", "want string"),
        Arguments.of("webhook.controllers.renewDeadline=ten", "at '/webhook/controllers/renewDeadline'", "does not match pattern"),
        Arguments.of("store.postgres.url=postgres://db/atrium", "at '/store/postgres/url'", "does not match pattern"),
        Arguments.of("metrics.serviceMonitor.enabled=yes", "at '/metrics/serviceMonitor/enabled'", "want boolean"),
        Arguments.of("webhook.certManager.issuerRef.kind=Vault", "at '/webhook/certManager/issuerRef/kind'", "must be one of"),
        Arguments.of("xds.auth.type=jwt", "at '/xds/auth/type'", "must be one of 'serviceAccountToken', 'dpToken', 'none'"),
        Arguments.of("internalTls.enabled=no", "at '/internalTls/enabled'", "want boolean"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void schemaRefusesNamingTheField(String set, String field, String reason) {
    Helm.Result r = helm.template(List.of(), "--set", set);
    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.stderr()).contains("values don't meet the specifications of the schema", field, reason);
  }

  @Test
  void embeddedStoreRefusesReplicas() {
    Helm.Result r = helm.template(List.of(), "--set", "store.replicas=2");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("store.replicas > 1 needs store.backend postgres or kubernetes");
  }

  @Test
  void postgresNeedsAUrl() {
    Helm.Result r = helm.template(List.of(), "--set", "store.backend=postgres");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("store.postgres.url is required with store.backend postgres");
  }

  @Test
  void postgresPasswordInValuesGoesToASecretOfTheChart() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "store.backend=postgres",
        "--set", "store.postgres.url=jdbc:postgresql://db:5432/atrium", "--set", "store.postgres.password=s3cret"));
    JsonNode secret = m.get("Secret", "atrium-resource-store-postgres");
    assertThat(secret.path("data").path("password").asText()).isEqualTo("czNjcmV0"); // base64 of s3cret
    JsonNode env = env(m, "atrium-resource-store");
    assertThat(envEntry(env, "ATRIUM_STORE_POSTGRES_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText())
        .isEqualTo("atrium-resource-store-postgres");
    assertThat(m.get("Deployment", "atrium-resource-store").path("spec").path("template").path("metadata")
        .path("annotations").path("checksum/postgres-password").asText()).hasSize(64);
    assertThat(m.has("PersistentVolumeClaim", "atrium-resource-store-data")).isFalse();
  }

  @Test
  void embeddedWithoutPersistenceUsesAnEmptyDir() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "store.embedded.persistence.enabled=false"));
    assertThat(m.has("PersistentVolumeClaim", "atrium-resource-store-data")).isFalse();
    JsonNode volumes = m.get("Deployment", "atrium-resource-store").path("spec").path("template").path("spec").path("volumes");
    List<String> data = new ArrayList<>();
    volumes.forEach(v -> {
      if (v.path("name").asText().equals("data")) data.add(v.has("emptyDir") ? "emptyDir" : v.toString());
    });
    assertThat(data).containsExactly("emptyDir");
  }

  @Test
  void metricsServiceCanBeLeftOut() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "metrics.enabled=false"));
    assertThat(m.refs()).noneMatch(r -> r.name().equals("atrium-metrics"));
  }

  @Test
  void controllersOffLeaveOnlyTheWebhooksRights() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "webhook.controllers.enabled=false"));
    assertThat(m.has("Role", "atrium-admission-webhook-leader-election")).isFalse();
    assertThat(m.has("ClusterRole", "atrium-admission-webhook-gateways")).isFalse();
    JsonNode rules = m.get("ClusterRole", "atrium-admission-webhook").path("rules");
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).path("resources").toString()).isEqualTo("[\"namespaces\"]");
    assertThat(envEntry(env(m, "atrium-admission-webhook"), "ATRIUM_CONTROLLERS_ENABLED").path("value").asText()).isEqualTo("false");
  }

  @Test
  void internalTlsOffIsSaidOutLoudAndTheXdsServerKeepsItsCertificate() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "internalTls.enabled=false"));
    for (String service : List.of("atrium-resource-store", "atrium-xds-server", "atrium-metrics", "atrium-admission-webhook")) {
      JsonNode env = env(m, service);
      assertThat(envEntry(env, "ATRIUM_INTERNAL_TLS").path("value").asText()).as(service).isEqualTo("disabled");
      assertThat(env.toString()).as(service).doesNotContain("ATRIUM_INTERNAL_CA_FILE");
    }
    assertThat(envEntry(env(m, "atrium-xds-server"), "ATRIUM_XDS_TLS_CERT_FILE").path("value").asText())
        .isEqualTo("/etc/atrium/internal-tls/tls.crt");
    assertThat(m.has("Secret", "atrium-xds-server-internal-tls")).isTrue();
  }

  @Test
  void dataplaneTokensNeedNoKubernetesRights() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "xds.auth.type=dpToken"));
    assertThat(envEntry(env(m, "atrium-xds-server"), "ATRIUM_XDS_AUTH_TYPE").path("value").asText()).isEqualTo("dpToken");
    assertThat(m.has("ClusterRoleBinding", "atrium-xds-server-auth-delegator")).isFalse();
    assertThat(m.get("ServiceAccount", "atrium-xds-server").path("automountServiceAccountToken").asBoolean()).isFalse();
  }

  @Test
  void aZonesXdsServerServesTheStoresZone() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "controlPlane.mode=zone",
        "--set", "controlPlane.global.host=global.example", "--set", "store.zone=zone-1",
        "--set", "controlPlane.global.zoneTokenSecret.name=zone-1-cp-token"));
    assertThat(envEntry(env(m, "atrium-resource-store"), "ATRIUM_STORE_ZONE").path("value").asText()).isEqualTo("zone-1");
    assertThat(envEntry(env(m, "atrium-xds-server"), "ATRIUM_XDS_ZONE").path("value").asText()).isEqualTo("zone-1");
  }

  @Test
  void aZoneReadsItsZoneTokenFromTheSecretItIsGiven() {
    Manifests m = Manifests.parse(helm.renderOk(List.of(), "--set", "controlPlane.mode=zone",
        "--set", "controlPlane.global.host=global.example", "--set", "controlPlane.global.zoneTokenSecret.name=zone-1-cp-token"));
    assertThat(envEntry(env(m, "atrium-resource-store"), "ATRIUM_STORE_GLOBAL_ZONE_TOKEN_FILE").path("value").asText())
        .isEqualTo("/etc/atrium/zone-token/token");
    JsonNode pod = m.get("Deployment", "atrium-resource-store").path("spec").path("template").path("spec");
    assertThat(pod.path("volumes").findValuesAsText("secretName")).contains("zone-1-cp-token");
    assertThat(pod.path("containers").get(0).path("volumeMounts").findValuesAsText("mountPath")).contains("/etc/atrium/zone-token");

    Helm.Result without = helm.template(List.of(), "--set", "controlPlane.mode=zone", "--set", "controlPlane.global.host=global.example");
    assertThat(without.exitCode()).isNotZero();
    assertThat(without.stderr()).contains("controlPlane.global.zoneTokenSecret.name is required with controlPlane.mode=zone");
  }

  static JsonNode env(Manifests m, String deployment) {
    return m.get("Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0).path("env");
  }

  static JsonNode envEntry(JsonNode env, String name) {
    for (JsonNode e : env) if (name.equals(e.path("name").asText())) return e;
    throw new AssertionError("no env " + name + " in " + env);
  }
}
