package dev.atrium.e2e.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.Ports;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user may write through each control plane of a multi-zone deployment (issue 15, first step):
 * a global and a zone resource-store, each with its own embedded store, answering Kuma 2.14's REST
 * refusals — 405 for the kinds the other side owns, 400 for a zone policy without its origin label.
 */
class ModeWriteRulesE2ETest {
  private static final String APPLICATION_YAML = "application/yaml";
  private static final String DATAPLANE = """
      type: Dataplane
      mesh: default
      name: web-1
      networking:
        address: 127.0.0.1
        inbound:
          - port: 8080
            tags:
              kuma.io/service: web
      """;

  @TempDir static Path dir;
  static StoreProcess global;
  static StoreProcess zone;

  @BeforeAll
  static void start() {
    global = StoreProcess.embedded(dir.resolve("global")).withEnv("ATRIUM_STORE_MODE", "global").start();
    // A zone whose global never answers: what this class checks is the zone's own API.
    zone = StoreProcess.embedded(dir.resolve("zone")).withEnv("ATRIUM_STORE_MODE", "zone")
        .withEnv("ATRIUM_STORE_ZONE", "zone-1").withEnv("ATRIUM_STORE_GLOBAL_GRPC_PORT", String.valueOf(Ports.free())).start();
  }

  @AfterAll
  static void stop() {
    if (zone != null) zone.close();
    if (global != null) global.close();
  }

  @Test
  void globalRefusesADataplaneWithKumasTextAndTakesMeshesAndPolicies() throws IOException {
    Http.Reply dataplane = Http.put(global.apiUrl() + "/meshes/default/dataplanes/web-1", DATAPLANE, APPLICATION_YAML);
    JsonNode error = Mappers.JSON.readTree(dataplane.body());
    System.out.printf("global, PUT Dataplane: %d %s%n", dataplane.status(), dataplane.body());
    assertThat(dataplane.status()).isEqualTo(405);
    assertThat(error.path("title").asText()).isEqualTo("Method not allowed");
    assertThat(error.path("detail").asText()).isEqualTo("On global control plane you can not modify dataplane resources with"
        + " 'kumactl apply' or via the HTTP API. You can still use 'kumactl' or the HTTP API to modify them on the zone control plane.\n");
    assertThat(Http.delete(global.apiUrl() + "/meshes/default/dataplanes/web-1").status()).isEqualTo(405);

    assertThat(Http.get(global.apiUrl() + "/meshes/default").status()).as("global creates the default Mesh").isEqualTo(200);
    assertThat(Http.put(global.apiUrl() + "/meshes/other", "type: Mesh\nname: other\n", APPLICATION_YAML).status()).isEqualTo(201);
    assertThat(Http.put(global.apiUrl() + "/meshes/default/meshtimeouts/web-timeout", MeshTimeouts.yaml("web-timeout", "", "2s"), APPLICATION_YAML)
        .status()).isEqualTo(201);
    JsonNode stored = Mappers.JSON.readTree(Http.get(global.apiUrl() + "/meshes/default/meshgateways").body());
    assertThat(stored.path("total").asInt()).isZero();
  }

  @Test
  void onGlobalTheOriginLabelMayOnlySayGlobal() throws IOException {
    Http.Reply reply = Http.put(global.apiUrl() + "/meshes/default/meshtimeouts/zone-made",
        MeshTimeouts.yaml("zone-made", "labels:\n  kuma.io/origin: zone", "2s"), APPLICATION_YAML);
    assertThat(reply.status()).isEqualTo(400);
    JsonNode cause = Mappers.JSON.readTree(reply.body()).path("invalid_parameters").get(0);
    assertThat(cause.path("field").asText()).isEqualTo("labels[\"kuma.io/origin\"]");
    assertThat(cause.path("reason").asText()).isEqualTo("the origin label must be set to 'global'");
  }

  @Test
  void aZoneRefusesMeshesAndLegacyPoliciesAndTakesItsDataplanes() throws IOException {
    Http.Reply mesh = Http.put(zone.apiUrl() + "/meshes/default", "type: Mesh\nname: default\n", APPLICATION_YAML);
    System.out.printf("zone, PUT Mesh: %d %s%n", mesh.status(), mesh.body());
    assertThat(mesh.status()).isEqualTo(405);
    assertThat(Mappers.JSON.readTree(mesh.body()).path("detail").asText()).isEqualTo("On zone control plane you can only modify"
        + " zone resources with 'kumactl apply' or via the HTTP API. You can still use 'kumactl' or the HTTP API to modify the"
        + " rest of the resource on the global control plane.\n");
    assertThat(Http.get(zone.apiUrl() + "/meshes/default").status()).as("a zone gets its meshes from global").isEqualTo(404);
    assertThat(Http.put(zone.apiUrl() + "/meshes/default/timeouts/t", "type: Timeout\nmesh: default\nname: t\n", APPLICATION_YAML)
        .status()).isEqualTo(405);

    // The Mesh as the zone sync will write it: through the Store API, which serves the control plane, not users.
    meshThroughTheStoreApi(zone, "default");
    Http.Reply dataplane = Http.put(zone.apiUrl() + "/meshes/default/dataplanes/web-1", DATAPLANE, APPLICATION_YAML);
    assertThat(dataplane.status()).as(dataplane.body()).isEqualTo(201);
    JsonNode stored = Mappers.JSON.readTree(Http.get(zone.apiUrl() + "/meshes/default/dataplanes/web-1").body());
    assertThat(stored.path("labels").path("kuma.io/zone").asText()).isEqualTo("zone-1");
    assertThat(stored.path("labels").path("kuma.io/origin").asText()).isEqualTo("zone");
    JsonNode policies = Mappers.JSON.readTree(Http.get(zone.apiUrl() + "/meshes/default/meshtimeouts").body());
    assertThat(policies.path("items")).as("global writes the default policies; the zone makes none of its own")
        .noneMatch(p -> p.path("name").asText().startsWith("mesh-timeout-all"));
    JsonNode secrets = Mappers.JSON.readTree(Http.get(zone.apiUrl() + "/meshes/default/secrets").body());
    assertThat(secrets.path("total").asInt()).as("nor a signing key or CA of its own").isZero();
  }

  @Test
  void aPolicyWrittenOnAZoneMustCarryTheZoneOrigin() throws IOException {
    meshThroughTheStoreApi(zone, "default");
    Http.Reply unlabelled = Http.put(zone.apiUrl() + "/meshes/default/meshtimeouts/web-timeout", MeshTimeouts.yaml("web-timeout", "", "2s"),
        APPLICATION_YAML);
    System.out.printf("zone, PUT MeshTimeout without kuma.io/origin: %d %s%n", unlabelled.status(), unlabelled.body());
    assertThat(unlabelled.status()).isEqualTo(400);
    JsonNode cause = Mappers.JSON.readTree(unlabelled.body()).path("invalid_parameters").get(0);
    assertThat(cause.path("field").asText()).isEqualTo("labels[\"kuma.io/origin\"]");
    assertThat(cause.path("reason").asText()).isEqualTo("the origin label must be set to 'zone'");

    Http.Reply labelled = Http.put(zone.apiUrl() + "/meshes/default/meshtimeouts/web-timeout",
        MeshTimeouts.yaml("web-timeout", "labels:\n  kuma.io/origin: zone", "2s"), APPLICATION_YAML);
    assertThat(labelled.status()).as(labelled.body()).isIn(200, 201);
  }

  private static void meshThroughTheStoreApi(StoreProcess store, String mesh) {
    ManagedChannel channel = StoreChannels.to(store.grpcPort());
    try {
      StoreGrpc.newBlockingStub(channel).put(PutRequest.newBuilder()
          .setKey(ResourceKey.newBuilder().setKind("Mesh").setName(mesh)).setSpecJson("{}").build());
    } finally {
      channel.shutdownNow();
    }
  }
}
