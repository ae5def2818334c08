package dev.atrium.store.ca;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.store.rest.KumaClientsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mesh mTLS as an operator meets it through the REST API: a Mesh with a builtin backend comes with its
 * CA (two mesh Secrets, made once and kept across updates, gone with the Mesh), its CA cannot be
 * swapped while mTLS is on, and a provided CA that is not a CA is refused naming the field.
 */
@QuarkusTest
@TestProfile(KumaClientsProfile.class)
class BuiltinCaRestTest {
  @jakarta.inject.Inject
  dev.atrium.store.backend.StoreBackend backend;

  private static String builtinMesh(String name, String backend, String mode, String conf) {
    return """
        {"type":"Mesh","name":"%s","mtls":{"enabledBackend":"%s","backends":[
          {"name":"%s","type":"builtin","mode":"%s"%s}]}}""".formatted(name, backend, backend, mode, conf);
  }

  @Test
  void aBuiltinBackendGetsItsCaOnceAndTheCaGoesWithTheMesh() throws Exception {
    given().contentType("application/json").body(builtinMesh("ca-rest", "ca-1", "STRICT", ""))
        .put("/meshes/ca-rest").then().statusCode(201);

    assertThat(secretNames("ca-rest")).contains("ca-rest.ca-builtin-cert-ca-1", "ca-rest.ca-builtin-key-ca-1");
    String certPem = secret("ca-rest", "ca-rest.ca-builtin-cert-ca-1");
    X509Certificate ca = certificate(certPem);
    assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=ca-rest,OU=Mesh,O=Kuma");
    assertThat(ca.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly((Object) "spiffe://ca-rest");
    assertThat(((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
    assertThat(ca.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(3649)), Instant.now().plus(Duration.ofDays(3651)));
    assertThat(ca.getNotBefore().toInstant()).isBefore(Instant.now().minusSeconds(5));
    assertThat(Pem.privateKey(secret("ca-rest", "ca-rest.ca-builtin-key-ca-1"))).isNotNull();

    // Updating the Mesh (here: PERMISSIVE) keeps the CA: a new one would split the mesh's trust.
    given().contentType("application/json").body(builtinMesh("ca-rest", "ca-1", "PERMISSIVE", ""))
        .put("/meshes/ca-rest").then().statusCode(200);
    assertThat(secret("ca-rest", "ca-rest.ca-builtin-cert-ca-1")).isEqualTo(certPem);

    given().delete("/meshes/ca-rest").then().statusCode(200);
    given().get("/meshes/ca-rest/secrets/ca-rest.ca-builtin-cert-ca-1").then().statusCode(404);
    assertThat(given().get("/secrets").then().statusCode(200).extract().asString()).doesNotContain("ca-rest.ca-builtin");
  }

  @Test
  void theCaFollowsCaCertRsaBitsAndExpiration() throws Exception {
    given().contentType("application/json")
        .body(builtinMesh("ca-sized", "ca-1", "STRICT", ",\"conf\":{\"caCert\":{\"RSAbits\":3072,\"expiration\":\"1y\"}}"))
        .put("/meshes/ca-sized").then().statusCode(201);
    X509Certificate ca = certificate(secret("ca-sized", "ca-sized.ca-builtin-cert-ca-1"));
    assertThat(((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    assertThat(ca.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(364)), Instant.now().plus(Duration.ofDays(366)));
    given().delete("/meshes/ca-sized").then().statusCode(200);
  }

  @Test
  void theCaOfAMeshWithMtlsOnCannotBeSwapped() throws Exception {
    given().contentType("application/json").body(builtinMesh("ca-swap", "ca-1", "STRICT", ""))
        .put("/meshes/ca-swap").then().statusCode(201);
    JsonNode refused = Mappers.JSON.readTree(given().contentType("application/json")
        .body(builtinMesh("ca-swap", "ca-2", "STRICT", "")).put("/meshes/ca-swap").then().statusCode(400).extract().asString());
    assertThat(refused.at("/invalid_parameters/0/field").asText()).isEqualTo("mtls.enabledBackend");
    assertThat(refused.at("/invalid_parameters/0/reason").asText())
        .isEqualTo("Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA");
    assertThat(secretNames("ca-swap")).as("no CA made for a refused write").doesNotContain("ca-swap.ca-builtin-cert-ca-2");

    // The way Kuma documents: mTLS off, then on with the other backend.
    given().contentType("application/json").body("{\"type\":\"Mesh\",\"name\":\"ca-swap\"}").put("/meshes/ca-swap").then().statusCode(200);
    given().contentType("application/json").body(builtinMesh("ca-swap", "ca-2", "STRICT", "")).put("/meshes/ca-swap").then().statusCode(200);
    assertThat(secretNames("ca-swap")).contains("ca-swap.ca-builtin-cert-ca-2", "ca-swap.ca-builtin-key-ca-2");
    given().delete("/meshes/ca-swap").then().statusCode(200);
  }

  @Test
  void aProvidedCaThatIsNotACaIsRefusedNamingTheField() throws Exception {
    IssuedCertificate leaf = CertificateIssuer.systemClock().selfSigned(CertificateRequest.of("not-a-ca", List.of("web"),
        List.of(), Duration.ofDays(1), CertificateRequest.Usage.SERVER));
    putSecret("default", "leaf-cert", leaf.certificatePem());
    putSecret("default", "leaf-key", leaf.keyPem());

    String body = """
        {"type":"Mesh","name":"default","mtls":{"enabledBackend":"ca-1","backends":[{"name":"ca-1","type":"provided",
          "conf":{"cert":{"secret":"leaf-cert"},"key":{"secret":"leaf-key"}}}]}}""";
    JsonNode refused = Mappers.JSON.readTree(given().contentType("application/json").body(body).put("/meshes/default")
        .then().statusCode(400).extract().asString());
    assertThat(refused.at("/invalid_parameters/0/field").asText()).isEqualTo("mtls.backends[0].conf.cert[0]");
    assertThat(refused.at("/invalid_parameters/0/reason").asText())
        .isEqualTo("basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)");
    assertThat(refused.at("/invalid_parameters/1/reason").asText())
        .isEqualTo("key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)");

    JsonNode missing = Mappers.JSON.readTree(given().contentType("application/json").body(body.replace("leaf-key", "no-such-key"))
        .put("/meshes/default").then().statusCode(400).extract().asString());
    assertThat(missing.at("/invalid_parameters/0/field").asText()).isEqualTo("mtls.backends[0].conf.key.secret");
    assertThat(missing.at("/invalid_parameters/0/reason").asText()).isEqualTo("secret \"no-such-key\" not found in mesh \"default\"");
  }

  /** As on Kubernetes after kubectl apply: the Mesh is in the store without the REST API having seen it. */
  @Test
  void aMeshWrittenPastTheApiGetsItsCaFromTheWatch() throws Exception {
    backend.put(new dev.atrium.store.backend.ResourceKey("Mesh", "", "ca-direct"), java.util.Map.of(),
        "{\"mtls\":{\"enabledBackend\":\"ca-1\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}]}}",
        dev.atrium.store.backend.StoreBackend.MUST_NOT_EXIST);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!secretNames("ca-direct").contains("ca-direct.ca-builtin-cert-ca-1") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(secretNames("ca-direct")).contains("ca-direct.ca-builtin-cert-ca-1", "ca-direct.ca-builtin-key-ca-1");
    assertThat(certificate(secret("ca-direct", "ca-direct.ca-builtin-cert-ca-1")).getSubjectAlternativeNames())
        .extracting(n -> (Object) n.get(1)).containsExactly((Object) "spiffe://ca-direct");
    given().delete("/meshes/ca-direct").then().statusCode(200);
  }

  private static void putSecret(String mesh, String name, String pem) {
    given().contentType("application/json").body(Mappers.JSON.createObjectNode().put("type", "Secret").put("mesh", mesh)
            .put("name", name).put("data", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII))).toString())
        .put("/meshes/" + mesh + "/secrets/" + name).then().statusCode(201);
  }

  private static List<String> secretNames(String mesh) throws Exception {
    JsonNode list = Mappers.JSON.readTree(given().get("/meshes/" + mesh + "/secrets").then().statusCode(200).extract().asString());
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.path("name").asText()));
    return names;
  }

  private static String secret(String mesh, String name) {
    String data = given().get("/meshes/" + mesh + "/secrets/" + name).then().statusCode(200).extract().path("data");
    return new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
