package dev.atrium.e2e.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.api.store.v1.DeleteRequest;
import dev.atrium.api.store.v1.ListRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.multizone.SyncedNames;
import dev.atrium.e2e.Atriumctl;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.SigningKeyLookup;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokens;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneTokenRequests;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.tls.StoreChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone's resource-store follows a global one (ADR 0020): what is written on global appears on the
 * zone under Kuma's names, changes and deletions follow, and a zone cut off from global keeps serving
 * and resyncs when global is back — without duplicates; a zone token minted on global verifies in the
 * zone, which holds only the public half of global's zone-token key. Two real stores, each with its own
 * embedded store, talking mutual TLS. Then the zone as a resource on global: its Zone and ZoneInsight, Online while
 * it reports, Offline when killed (global notices the silence) or stopped (the zone says so), as
 * {@code atriumctl get/inspect zones} prints it. Heartbeat 1 s and offline after 3 s keep that quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlobalToZoneSyncE2ETest {
  private static final String YAML = "application/yaml";
  /** Kinds whose copies are counted; each list is the store's REST collection. */
  private static final List<String> COUNTED = List.of("meshtimeouts", "meshretries", "meshcircuitbreakers", "secrets",
      "meshgatewayroutes", "meshgateways");

  private static final Duration OFFLINE_AFTER = Duration.ofSeconds(3);

  @TempDir static Path dir;
  static StoreProcess global;
  static StoreProcess zone;

  @BeforeAll
  static void start() {
    global = StoreProcess.embedded(dir.resolve("global")).withEnv("ATRIUM_STORE_MODE", "global")
        .withEnv("ATRIUM_STORE_ZONE_OFFLINE_AFTER", OFFLINE_AFTER.toSeconds() + "s").start();
    // The zone authenticates to global with a zone token of scope cp that global mints (ADR 0020).
    zone = StoreProcess.embedded(dir.resolve("zone")).zoneOf(global, "zone-1").withEnv("ATRIUM_STORE_ZONE_HEARTBEAT", "1s").start();
  }

  @AfterAll
  static void stop() {
    if (zone != null) zone.close();
    if (global != null) global.close();
  }

  @Test
  @Order(1)
  void theZoneHoldsGlobalsMeshItsSecretsAndItsDefaultPoliciesUnderKumasNames() {
    await(() -> Http.get(zone.apiUrl() + "/meshes/default").status() == 200, () -> "the default Mesh reaches the zone");
    await(() -> names(zone, "secrets").equals(names(global, "secrets")), () -> "zone secrets " + names(zone, "secrets")
        + " are global's " + names(global, "secrets"));
    assertThat(names(zone, "secrets")).as("the signing key travels under its own name").anyMatch(n -> n.startsWith("dataplane-token-signing-key-default"));
    String hashed = SyncedNames.hashed("default", "mesh-timeout-all-default");
    await(() -> names(zone, "meshtimeouts").contains(hashed), () -> "the default MeshTimeout as " + hashed + ": " + names(zone, "meshtimeouts"));
    JsonNode copy = json(Http.get(zone.apiUrl() + "/meshes/default/meshtimeouts/" + hashed).body());
    System.out.printf("zone copy of global's mesh-timeout-all-default: %s labels %s%n", hashed, copy.path("labels"));
    assertThat(copy.path("labels").path("kuma.io/display-name").asText()).isEqualTo("mesh-timeout-all-default");
    assertThat(copy.path("labels").path("kuma.io/origin").asText()).isEqualTo("global");
    assertThat(copy.path("labels").has("kuma.io/zone")).as("a copy of global's is from no zone").isFalse();
  }

  @Test
  @Order(2)
  void aPolicyCreatedChangedAndDeletedOnGlobalFollowsOnTheZone() {
    String copy = "/meshes/default/meshtimeouts/" + SyncedNames.hashed("default", "web-timeout");
    long start = System.nanoTime();
    put(global, "/meshes/default/meshtimeouts/web-timeout", MeshTimeouts.yaml("web-timeout", "", "2s"));
    await(() -> Http.get(zone.apiUrl() + copy).status() == 200, () -> "web-timeout reaches the zone");
    long created = millisSince(start);
    start = System.nanoTime();
    put(global, "/meshes/default/meshtimeouts/web-timeout", MeshTimeouts.yaml("web-timeout", "", "3s"));
    await(() -> Http.get(zone.apiUrl() + copy).body().contains("3s"), () -> "the change reaches the zone");
    long changed = millisSince(start);
    start = System.nanoTime();
    assertThat(Http.delete(global.apiUrl() + "/meshes/default/meshtimeouts/web-timeout").status()).isEqualTo(200);
    await(() -> Http.get(zone.apiUrl() + copy).status() == 404, () -> "the deletion reaches the zone");
    long deleted = millisSince(start);
    System.out.printf("global → zone: created %d ms, changed %d ms, deleted %d ms after the global write%n", created, changed, deleted);
  }

  @Test
  @Order(3)
  void aPolicyMadeInTheZoneReachesGlobalAsTheZonesAndStaysThere() {
    String copy = "/meshes/default/meshtimeouts/" + SyncedNames.hashed("default", "zone-made", "zone-1");
    long start = System.nanoTime();
    put(zone, "/meshes/default/meshtimeouts/zone-made", MeshTimeouts.yaml("zone-made", "labels:\n  kuma.io/origin: zone", "6s"));
    await(() -> Http.get(global.apiUrl() + copy).status() == 200, () -> "zone-made reaches global as " + copy);
    long created = millisSince(start);
    JsonNode onGlobal = json(Http.get(global.apiUrl() + copy).body());
    System.out.printf("zone → global: MeshTimeout zone-made as %s after %d ms, labels %s%n", onGlobal.path("name").asText(),
        created, onGlobal.path("labels"));
    assertThat(onGlobal.path("labels").path("kuma.io/origin").asText()).isEqualTo("zone");
    assertThat(onGlobal.path("labels").path("kuma.io/zone").asText()).isEqualTo("zone-1");
    assertThat(onGlobal.path("labels").path("kuma.io/display-name").asText()).isEqualTo("zone-made");
    assertThat(names(zone, "meshtimeouts")).as("global does not send the zone its own policy back")
        .doesNotContain(copy.substring(copy.lastIndexOf('/') + 1));
    assertThat(Http.delete(zone.apiUrl() + "/meshes/default/meshtimeouts/zone-made").status()).isEqualTo(200);
    await(() -> Http.get(global.apiUrl() + copy).status() == 404, () -> "the deletion reaches global");
  }

  @Test
  @Order(3)
  void aZonesDataplaneAppearsOnGlobalUnderKumasNameAndGoesWithIt() {
    String copy = "/meshes/default/dataplanes/" + SyncedNames.hashed("default", "web-2", "zone-1");
    long start = System.nanoTime();
    assertThat(Http.put(zone.apiUrl() + "/meshes/default/dataplanes/web-2", dataplane("web-2"), YAML).status()).isEqualTo(201);
    await(() -> Http.get(global.apiUrl() + copy).status() == 200, () -> "web-2 reaches global");
    long created = millisSince(start);
    JsonNode onGlobal = json(Http.get(global.apiUrl() + copy).body());
    System.out.printf("zone → global: Dataplane web-2 as %s after %d ms, labels %s%n", onGlobal.path("name").asText(), created,
        onGlobal.path("labels"));
    assertThat(onGlobal.path("labels").path("kuma.io/zone").asText()).isEqualTo("zone-1");
    assertThat(onGlobal.path("labels").path("kuma.io/origin").asText()).isEqualTo("zone");
    assertThat(onGlobal.path("labels").path("kuma.io/display-name").asText()).isEqualTo("web-2");
    assertThat(onGlobal.path("networking").path("inbound").get(0).path("tags").path("kuma.io/zone").asText())
        .as("the inbound keeps its zone's tag").isEqualTo("zone-1");
    start = System.nanoTime();
    assertThat(Http.delete(zone.apiUrl() + "/meshes/default/dataplanes/web-2").status()).isEqualTo(200);
    await(() -> Http.get(global.apiUrl() + copy).status() == 404, () -> "the deletion reaches global");
    System.out.printf("zone → global: deleted %d ms after the zone's DELETE%n", millisSince(start));
  }

  @Test
  @Order(4)
  void aZoneCutOffFromGlobalKeepsServingAndResyncsWithoutDuplicates() {
    put(global, "/meshes/default/meshtimeouts/before-cut", MeshTimeouts.yaml("before-cut", "", "4s"));
    String beforeCut = "/meshes/default/meshtimeouts/" + SyncedNames.hashed("default", "before-cut");
    await(() -> Http.get(zone.apiUrl() + beforeCut).status() == 200, () -> "before-cut reaches the zone");
    List<Integer> before = counts(zone);

    global.kill();
    assertThat(Http.get(zone.apiUrl() + beforeCut).status()).as("the zone serves what it has").isEqualTo(200);
    assertThat(Http.put(zone.apiUrl() + "/meshes/default/dataplanes/web-1", dataplane("web-1"), YAML).status())
        .as("and takes its own writes").isEqualTo(201);

    global.start();
    long back = System.nanoTime();
    put(global, "/meshes/default/meshtimeouts/after-cut", MeshTimeouts.yaml("after-cut", "", "5s"));
    String afterCut = "/meshes/default/meshtimeouts/" + SyncedNames.hashed("default", "after-cut");
    await(() -> Http.get(zone.apiUrl() + afterCut).status() == 200, () -> "a write after global's restart reaches the zone");
    long resynced = millisSince(back);
    List<Integer> after = counts(zone);
    System.out.printf("global killed and restarted: per kind %s copies before, %s after (+1 MeshTimeout written after); "
        + "the first new write reached the zone %d ms after global was ready%n", before, after, resynced);
    List<Integer> expected = new ArrayList<>(before);
    expected.set(0, before.get(0) + 1);
    assertThat(after).as("counts per kind %s: nothing lost, nothing twice", COUNTED).isEqualTo(expected);
    assertThat(resynced).isLessThan(10_000);
    String web1 = "/meshes/default/dataplanes/" + SyncedNames.hashed("default", "web-1", "zone-1");
    await(() -> Http.get(global.apiUrl() + web1).status() == 200, () -> "the Dataplane made during the cut reaches global");
    assertThat(names(global, "dataplanes")).as("global's Dataplanes: the zone's, once each").containsExactly(web1.substring(web1.lastIndexOf('/') + 1));
  }

  @Test
  @Order(5)
  void zoneTokensAreMintedOnGlobalAndVerifiedInTheZoneWithThePublicKeyAlone() throws Exception {
    String publicKey = "/global-secrets/zone-token-signing-public-key-1";
    await(() -> Http.get(zone.apiUrl() + publicKey).status() == 200, () -> "global's zone-token public key reaches the zone");
    String publicPem = secretData(zone, publicKey);
    assertThat(publicPem).startsWith("-----BEGIN RSA PUBLIC KEY-----").doesNotContain("PRIVATE");
    assertThat(json(Http.get(zone.apiUrl() + publicKey).body()).path("labels").path("kuma.io/origin").asText()).isEqualTo("global");
    assertThat(secretData(global, "/global-secrets/zone-token-signing-key-1")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(globalSecretNames(zone)).as("no private zone-token key in a zone")
        .noneMatch(n -> n.startsWith("zone-token-signing-key"));

    Atriumctl.Result minted = Atriumctl.run(global.apiUrl(), "generate", "zone-token", "--zone", "zone-1", "--scope", "ingress",
        "--valid-for", "24h");
    assertThat(minted.exitCode()).as(minted.stderr()).isZero();
    String token = minted.stdout().strip();
    ZoneTokenClaims.Verified verified = ZoneTokens.verify(token, publicKeyLookup(publicPem), Set.of(), Clock.systemUTC());
    assertThat(verified.claims()).isEqualTo(new ZoneTokenClaims("zone-1", List.of("ingress")));
    assertThat(verified.claims().mismatch("zone-1", ZoneTokenClaims.INGRESS)).isNull();

    Http.Reply onZone = Http.post(zone.apiUrl() + "/tokens/zone", "{\"zone\":\"zone-1\",\"scope\":[\"ingress\"]}",
        "Content-Type", "application/json");
    assertThat(onZone.status()).as("a zone holds no signing key").isEqualTo(404);
    assertThat(json(onZone.body()).path("title").asText()).isEqualTo("Signing Key not found");

    // Rotation and revocation follow: a second key's public half arrives, and goes with its original.
    String second = dev.atrium.security.token.SigningKey.generate("2").privateKeyPem();
    putSecret(global, "zone-token-signing-key-2", second);
    putSecret(global, "zone-token-revocations", verified.id());
    await(() -> Http.get(zone.apiUrl() + "/global-secrets/zone-token-signing-public-key-2").status() == 200,
        () -> "the second key's public half reaches the zone");
    await(() -> Http.get(zone.apiUrl() + "/global-secrets/zone-token-revocations").status() == 200, () -> "revocations reach the zone");
    assertThat(secretData(zone, "/global-secrets/zone-token-revocations")).isEqualTo(verified.id());
    assertThat(Http.delete(global.apiUrl() + "/global-secrets/zone-token-signing-key-2").status()).isEqualTo(200);
    await(() -> Http.get(zone.apiUrl() + "/global-secrets/zone-token-signing-public-key-2").status() == 404,
        () -> "the rotated-away key's public half leaves the zone");
    assertThat(globalSecretNames(zone)).as("the zone keeps its own user-token key and admin token, and none of global's")
        .contains("admin-user-token").noneMatch(n -> n.startsWith("zone-token-signing-key"));
    assertThat(secretData(zone, "/global-secrets/admin-user-token")).isNotEqualTo(secretData(global, "/global-secrets/admin-user-token"));
  }

  @Test
  @Order(5)
  void globalLetsAZoneTokenWriteOnlyItsOwnZoneAndTheZoneRereadsItsTokenFile() {
    Atriumctl.Result minted = Atriumctl.run(global.apiUrl(), "generate", "zone-token", "--zone", "zone-1", "--scope", "cp");
    assertThat(minted.exitCode()).as(minted.stderr()).isZero();
    String cp1 = minted.stdout().strip();
    String ingress1 = DataplaneTokenRequests.zone(global.apiUrl(), "zone-1", "ingress");
    PutRequest zone2s = ZoneCalls.dataplaneOf("zone-2", "web-9-zone-2");
    ManagedChannel channel = StoreChannels.to(global.grpcPort());
    try {
      StoreGrpc.StoreBlockingStub store = StoreGrpc.newBlockingStub(channel);
      System.out.println("zone-1's cp token, zone-2's Dataplane: " + ZoneCalls.refused(() -> ZoneCalls.bearer(store, cp1).put(zone2s),
          Status.Code.PERMISSION_DENIED, "zone zone-1's token cannot write Dataplane default/web-9-zone-2 of zone zone-2"));
      ZoneCalls.refused(() -> ZoneCalls.bearer(store, cp1).put(ZoneCalls.mesh()), Status.Code.PERMISSION_DENIED, "it is global's");
      ZoneCalls.refused(() -> ZoneCalls.bearer(store, ingress1).put(ZoneCalls.dataplaneOf("zone-1", "web-9-zone-1")),
          Status.Code.UNAUTHENTICATED, "token cannot be used to authenticate zone entity (cp is out of token's scope: [ingress])");
      ZoneCalls.refused(() -> ZoneCalls.bearer(store, "not-a-token").list(ListRequest.newBuilder().setKind("Mesh").build()),
          Status.Code.UNAUTHENTICATED, "zone token refused");
      System.out.println("no token, zone-2's Dataplane: " + ZoneCalls.refused(() -> store.put(zone2s), Status.Code.UNAUTHENTICATED,
          "without a zone token"));
      assertThat(ZoneCalls.bearer(store, cp1).put(ZoneCalls.dataplaneOf("zone-1", "web-9-zone-1")).getCreated())
          .as("zone-1's own copy with zone-1's token").isTrue();
      DeleteRequest delete = DeleteRequest.newBuilder().setKey(ResourceKey.newBuilder().setKind("Dataplane").setMesh("default")
          .setName("web-9-zone-1")).build();
      ZoneCalls.refused(() -> store.delete(delete), Status.Code.UNAUTHENTICATED, "cannot delete Dataplane default/web-9-zone-1");
      ZoneCalls.bearer(store, cp1).delete(delete);
    } finally {
      channel.shutdownNow();
    }
    assertThat(Http.get(global.apiUrl() + "/meshes/default/dataplanes/web-9-zone-2").status()).isEqualTo(404);

    // Rotation without a restart: an ingress-only token in the zone's file stops its writes, a cp token resumes them.
    zone.writeZoneToken(ingress1);
    assertThat(Http.put(zone.apiUrl() + "/meshes/default/dataplanes/web-3", dataplane("web-3"), YAML).status()).isEqualTo(201);
    await(() -> zone.logTail().contains("cp is out of token's scope"), () -> "the zone's sync refused with the ingress token");
    assertThat(zone.logTail() + global.logTail()).as("refusals are logged without the token").doesNotContain(ingress1, cp1);
    String web3 = "/meshes/default/dataplanes/" + SyncedNames.hashed("default", "web-3", "zone-1");
    assertThat(Http.get(global.apiUrl() + web3).status()).isEqualTo(404);
    zone.writeZoneToken(DataplaneTokenRequests.zone(global.apiUrl(), "zone-1", "cp"));
    long rotated = System.nanoTime();
    await(() -> Http.get(global.apiUrl() + web3).status() == 200, () -> "web-3 reaches global with the new cp token");
    System.out.printf("zone token rotated in the file: web-3 on global %d ms later%n", millisSince(rotated));
    assertThat(Http.delete(zone.apiUrl() + "/meshes/default/dataplanes/web-3").status()).isEqualTo(200);
    await(() -> Http.get(global.apiUrl() + web3).status() == 404, () -> "web-3's deletion reaches global");
  }

  private static void putSecret(StoreProcess store, String name, String data) {
    String body = "{\"type\":\"GlobalSecret\",\"name\":\"" + name + "\",\"data\":\""
        + java.util.Base64.getEncoder().encodeToString(data.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "\"}";
    Http.Reply reply = Http.put(store.apiUrl() + "/global-secrets/" + name, body, "application/json");
    assertThat(reply.status()).as("PUT %s: %s", name, reply.body()).isIn(200, 201);
  }

  private static String secretData(StoreProcess store, String path) {
    Http.Reply reply = Http.get(store.apiUrl() + path);
    assertThat(reply.status()).as("GET %s", path).isEqualTo(200);
    return new String(java.util.Base64.getDecoder().decode(json(reply.body()).path("data").asText()),
        java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static TreeSet<String> globalSecretNames(StoreProcess store) {
    TreeSet<String> out = new TreeSet<>();
    json(Http.get(store.apiUrl() + "/global-secrets").body()).path("items").forEach(i -> out.add(i.path("name").asText()));
    return out;
  }

  private static SigningKeyLookup publicKeyLookup(String pem) {
    java.security.PublicKey key = Pem.publicKey(pem);
    return new SigningKeyLookup() {
      @Override
      public java.util.Optional<java.security.PublicKey> publicKey(String kid) {
        return kid.equals("1") ? java.util.Optional.of(key) : java.util.Optional.empty();
      }

      @Override
      public String notFoundMessage(String kid) {
        return "no zone-token public key " + kid;
      }
    };
  }

  @Test
  @Order(6)
  void globalListsTheZoneOnlineWithItsSubscriptions() {
    await(() -> latest(global).path("disconnectTime").isMissingNode() && !latest(global).isMissingNode(),
        () -> "zone-1 online on global: " + Http.get(global.apiUrl() + "/zones+insights").body());
    JsonNode overview = json(Http.get(global.apiUrl() + "/zones+insights/zone-1").body());
    System.out.printf("global's /zones+insights/zone-1: %s%n", overview);
    assertThat(overview.path("type").asText()).isEqualTo("ZoneOverview");
    assertThat(overview.path("zone").path("enabled").asBoolean()).isTrue();
    JsonNode subscriptions = overview.path("zoneInsight").path("subscriptions");
    // Global was killed and restarted above: the zone's pass then ended and a new one began.
    assertThat(subscriptions.size()).as("one subscription per pass, the older ones closed").isBetween(2, 5);
    for (int i = 0; i < subscriptions.size() - 1; i++) assertThat(subscriptions.get(i).has("disconnectTime")).isTrue();
    JsonNode last = subscriptions.get(subscriptions.size() - 1);
    assertThat(last.path("zoneInstanceId").asText()).isNotEmpty();
    assertThat(last.path("config").asText()).contains("embedded");
    java.time.Instant lastUpdate = java.time.Instant.parse(last.path("status").path("lastUpdateTime").asText());
    assertThat(Duration.between(lastUpdate, java.time.Instant.now())).as("the heartbeat is fresh").isLessThan(Duration.ofSeconds(3));
    assertThat(Http.get(global.apiUrl() + "/zones/zone-1/_overview").body()).contains("zoneInsight");
    assertThat(json(Http.get(global.apiUrl() + "/zone-insights").body()).path("total").asInt()).isEqualTo(1);
    assertThat(Http.put(global.apiUrl() + "/zone-insights/zone-1", "type: ZoneInsight\nname: zone-1\n", YAML).status())
        .as("the control planes write ZoneInsights, users do not").isEqualTo(405);
    // On the zone, as on Kuma's: its own Zone only, and no Zone to write (Zones are global's).
    JsonNode onZone = json(Http.get(zone.apiUrl() + "/zones+insights").body());
    assertThat(onZone.path("items")).extracting(i -> i.path("name").asText()).containsExactly("zone-1");
    assertThat(Http.put(zone.apiUrl() + "/zones/zone-2", "type: Zone\nname: zone-2\n", YAML).status()).isEqualTo(405);

    dev.atrium.e2e.Atriumctl.Result get = dev.atrium.e2e.Atriumctl.run(global.apiUrl(), "get", "zones");
    System.out.print("atriumctl get zones (global):\n" + get.stdout());
    assertThat(get.exitCode()).as(get.stderr()).isZero();
    assertThat(get.stdout()).containsPattern("NAME\\s+STATUS\\s+AGE").containsPattern("zone-1\\s+Online\\s");
    dev.atrium.e2e.Atriumctl.Result inspect = dev.atrium.e2e.Atriumctl.run(global.apiUrl(), "inspect", "zones");
    System.out.print("atriumctl inspect zones (global):\n" + inspect.stdout());
    assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
    assertThat(inspect.stdout()).contains("LAST CONNECTED AGO", "ZONE-CP VERSION").containsPattern("zone-1\\s+Online\\s")
        .contains("embedded");
  }

  @Test
  @Order(7)
  void aKilledZoneGoesOfflineAndComesBackWithANewSubscriptionKeepingTheUsersSwitch() {
    put(global, "/zones/zone-1", "type: Zone\nname: zone-1\nenabled: false\n");
    assertThat(dev.atrium.e2e.Atriumctl.run(global.apiUrl(), "get", "zones").stdout()).as("a disabled zone is Offline")
        .containsPattern("zone-1\\s+Offline\\s");
    String before = latest(global).path("id").asText();
    zone.kill();
    long start = System.nanoTime();
    await(() -> latest(global).has("disconnectTime"), () -> "global closes the killed zone's subscription");
    long offline = millisSince(start);
    System.out.printf("zone killed: Offline on global after %d ms (offline after %s of silence)%n", offline, OFFLINE_AFTER);
    assertThat(offline).isGreaterThanOrEqualTo(OFFLINE_AFTER.toMillis() - 1_500);

    zone.start();
    await(() -> !latest(global).path("id").asText().equals(before) && !latest(global).has("disconnectTime"),
        () -> "the restarted zone opens a new subscription");
    assertThat(json(Http.get(global.apiUrl() + "/zones/zone-1").body()).path("enabled").asBoolean())
        .as("the zone never rewrites a user's enabled").isFalse();
    put(global, "/zones/zone-1", "type: Zone\nname: zone-1\nenabled: true\n");
    assertThat(dev.atrium.e2e.Atriumctl.run(global.apiUrl(), "get", "zones").stdout()).containsPattern("zone-1\\s+Online\\s");

    // A Zone deleted on global goes with its insight; the zone, still connected, is back at its next heartbeat.
    assertThat(Http.delete(global.apiUrl() + "/zones/zone-1").status()).isEqualTo(200);
    await(() -> Http.get(global.apiUrl() + "/zones/zone-1").status() == 200 && latest(global).has("connectTime")
        && !latest(global).has("disconnectTime"), () -> "the connected zone writes its Zone and a subscription again");
  }

  @Test
  @Order(8)
  void aZoneStoppedCleanlySaysItLeft() {
    zone.stop();
    // The zone's last heartbeat is under a second old, global closes only after 3 s of silence: this is the zone's word.
    assertThat(latest(global).has("disconnectTime")).as("disconnectTime written by the stopping zone: %s", latest(global)).isTrue();
    assertThat(dev.atrium.e2e.Atriumctl.run(global.apiUrl(), "get", "zones").stdout()).containsPattern("zone-1\\s+Offline\\s");
  }

  /** zone-1's newest subscription on global, or a missing node. */
  private static JsonNode latest(StoreProcess store) {
    Http.Reply reply = Http.get(store.apiUrl() + "/zone-insights/zone-1");
    if (reply.status() != 200) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    JsonNode subscriptions = json(reply.body()).path("subscriptions");
    return subscriptions.size() == 0 ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : subscriptions.get(subscriptions.size() - 1);
  }

  private static String dataplane(String name) {
    return """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          inbound:
            - port: 8080
              tags:
                kuma.io/service: web
        """.formatted(name);
  }

  private static void put(StoreProcess store, String path, String body) {
    Http.Reply reply = Http.put(store.apiUrl() + path, body, YAML);
    // A 500 says "see its log": the store's log comes with the failure, or the reason is lost with its work directory.
    assertThat(reply.status()).as(() -> "PUT %s: %s%nstore log:%n%s".formatted(path, reply.body(),
        reply.status() >= 500 ? store.logTail() : "")).isIn(200, 201);
  }

  private static List<Integer> counts(StoreProcess store) {
    return COUNTED.stream().map(c -> names(store, c).size()).toList();
  }

  private static TreeSet<String> names(StoreProcess store, String collection) {
    TreeSet<String> out = new TreeSet<>();
    json(Http.get(store.apiUrl() + "/meshes/default/" + collection).body()).path("items").forEach(i -> out.add(i.path("name").asText()));
    return out;
  }

  private static JsonNode json(String body) {
    try {
      return Mappers.JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long millisSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  private static void await(java.util.function.BooleanSupplier done, Supplier<String> what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) return;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("not within 20 s: " + what.get());
  }
}
