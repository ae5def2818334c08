package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.Channels;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.DataplaneTokenRequests;
import dev.atrium.testing.process.StoreProcess;
import dev.atrium.testing.process.XdsServerProcess;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 malformed {@code authorization} values ({@link MalformedDataplaneCredentials}) on ADS streams
 * claiming an existing Dataplane, and a few hundred as the {@code dataplaneToken} of a bootstrap that
 * registers one, against one packaged store and xds-server: none gets configuration or registers
 * anything, every stream ends UNAUTHENTICATED (never INTERNAL or UNKNOWN), every bootstrap gets a 4xx,
 * each refusal is counted, no token reaches the log, and the server still serves the real token. Many
 * streams over few TLS connections, in modest concurrent batches. The seed is printed for replay
 * ({@code -Datrium.fuzz.seed=N}).
 */
class AdsAuthFuzzE2ETest {
  static final int STREAMS = 10_000;
  static final int BOOTSTRAPS = 400;
  /**
   * Streams per HTTP/2 connection. grpc-java resets (RST_STREAM) each stream the server ends before the
   * client half-closed, and the server's HTTP/2 rapid-reset guard (Netty's, 200 resets in 30 s) answers
   * more with GOAWAY ENHANCE_YOUR_CALM: a connection carries fewer than that. (Envoy retries a refused
   * stream after a back-off of seconds, far below the guard.)
   */
  static final int STREAMS_PER_CONNECTION = 100;
  /** Streams in flight at once (over BATCH / STREAMS_PER_CONNECTION connections). */
  static final int BATCH = 200;
  static final String TARGET = "dp-fuzz";
  /**
   * The largest ADS value sent: under 8 KiB, the header list size HTTP/2 peers commonly allow (larger
   * ones may be refused by a client's own HTTP/2 codec, never reaching the server). Bootstrap bodies
   * carry larger ones.
   */
  static final int HUGE_LIMIT = 7_000;

  @TempDir static Path dir;
  static StoreProcess store;
  static XdsServerProcess xds;
  static MalformedDataplaneCredentials.Tokens tokens;
  static long seed;

  @BeforeAll
  static void startControlPlane() throws Exception {
    store = StoreProcess.embedded(dir.resolve("store")).start();
    xds = new XdsServerProcess(store, dir.resolve("xds")).start();
    put("/meshes/default/dataplanes/" + TARGET, dataplane(TARGET, "web"));
    put("/meshes/other", "{\"type\":\"Mesh\",\"name\":\"other\"}");
    String revoked = xds.dataplaneToken("default", TARGET);
    put("/meshes/default/secrets/dataplane-token-revocations-default", "{\"type\":\"Secret\",\"mesh\":\"default\","
        + "\"name\":\"dataplane-token-revocations-default\",\"data\":\"" + base64(claim(revoked, "jti")) + "\"}");
    ObjectNode expiring = JsonNodeFactory.instance.objectNode().put("mesh", "default").put("name", TARGET).put("validFor", "1s");
    String expired = DataplaneTokenRequests.post(store.apiUrl(), expiring);
    ObjectNode otherTags = JsonNodeFactory.instance.objectNode().put("mesh", "default");
    otherTags.putObject("tags").putArray("kuma.io/service").add("other");
    String publicKeyPem = publicKey("default", "dataplane-token-signing-key-default-1");
    tokens = new MalformedDataplaneCredentials.Tokens(xds.dataplaneToken("default", TARGET),
        List.of(xds.dataplaneToken("default", "dp-other"), xds.dataplaneToken("default", TARGET + "-2")),
        xds.dataplaneToken("other", TARGET), DataplaneTokenRequests.post(store.apiUrl(), otherTags), expired, revoked, publicKeyPem);
    seed = Long.getLong("atrium.fuzz.seed", System.nanoTime());
    System.out.println("AdsAuthFuzzE2ETest seed=" + seed);
    Thread.sleep(1_200); // the 1 s token has expired
  }

  @AfterAll
  static void stopControlPlane() {
    if (xds != null) xds.close();
    if (store != null) store.close();
  }

  @Test
  void malformedAuthorizationNeverGetsAnAdsStreamConfiguration() throws Exception {
    MalformedDataplaneCredentials generator = new MalformedDataplaneCredentials(seed, tokens, TARGET, HUGE_LIMIT);
    List<List<String>> cases = new ArrayList<>(STREAMS);
    List<Integer> kinds = new ArrayList<>(STREAMS);
    for (int i = 0; i < STREAMS; i++) {
      cases.add(generator.next());
      kinds.add(generator.lastKind());
    }
    double refusalsBefore = refusals();

    Map<String, Integer> outcomes = new TreeMap<>();
    long start = System.nanoTime();
    for (int from = 0; from < STREAMS; from += BATCH) {
      List<ManagedChannel> channels = new ArrayList<>();
      for (int c = 0; c < BATCH / STREAMS_PER_CONNECTION; c++) channels.add(Channels.to(xds));
      try {
        List<CompletableFuture<Status>> ended = new ArrayList<>();
        for (int i = from; i < Math.min(STREAMS, from + BATCH); i++) {
          ended.add(open(channels.get((i - from) / STREAMS_PER_CONNECTION), cases.get(i)));
        }
        for (int k = 0; k < ended.size(); k++) {
          int i = from + k;
          Status status = ended.get(k).get(30, TimeUnit.SECONDS);
          outcomes.merge(status.getCode() + (status == SERVED ? " (served)" : ""), 1, Integer::sum);
          assertThat(status.getCode()).as("stream #%d (kind %d) with authorization %s (seed %d): %s", i, kinds.get(i),
              shown(cases.get(i)), seed, status).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(status.getDescription()).startsWith("authentication failed: ");
        }
      } finally {
        channels.forEach(ManagedChannel::shutdownNow);
      }
    }
    System.out.printf("AdsAuthFuzzE2ETest %d ADS streams in %d ms: %s%n", STREAMS,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), outcomes);

    assertThat(refusals() - refusalsBefore).as("atrium_xds_auth_refusals_total grew by one per stream").isEqualTo(STREAMS);
    assertThat(connect(List.of(tokens.valid()))).as("the real token is still served").isSameAs(SERVED);
    assertThat(connect(List.of("Bearer " + tokens.valid()))).isSameAs(SERVED);
    assertThat(xdsLog()).as("the xds-server logged its refusals").contains("authentication failed");
    assertNoTokenInTheLog(cases.stream().flatMap(List::stream).toList());
  }

  @Test
  void malformedBootstrapTokensRegisterNothing() throws Exception {
    MalformedDataplaneCredentials generator = new MalformedDataplaneCredentials(seed + 1, tokens, TARGET, 60_000);
    int before = dataplaneCount();
    List<String> sent = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (int i = 0; i < BOOTSTRAPS; i++) {
      // A registering request for the target (already registered) or a new Dataplane.
      String name = i % 2 == 0 ? TARGET : "dp-boot-" + i;
      List<String> values = generator.next();
      String token = String.join(",", values); // several values: one string, never the valid token alone
      sent.add(token);
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("mesh", "default").put("name", name)
          .put("proxyType", "dataplane").put("dataplaneToken", token).put("dataplaneResource", dataplane(name, "boot"));
      Http.Reply reply = Http.post(xds.url() + "/bootstrap", body.toString(), "content-type", "application/json");
      statuses.merge(reply.status(), 1, Integer::sum);
      assertThat(reply.status()).as("bootstrap #%d as %s (kind %d) with dataplaneToken %s (the real one: %s) (seed %d): %s", i, name,
          generator.lastKind(), shown(List.of(token)), tokens.valid(), seed + 1, reply.body()).isBetween(400, 499);
    }
    System.out.println("AdsAuthFuzzE2ETest bootstrap statuses " + statuses);
    assertThat(dataplaneCount()).as("nothing registered").isEqualTo(before);
    assertThat(Http.get(store.apiUrl() + "/meshes/default/dataplanes/" + TARGET).json().toString()).contains("\"web\"");
    assertNoTokenInTheLog(sent);
  }

  // --- ADS streams ---

  static final Status SERVED = Status.OK.withDescription("served");

  /** Opens one ADS stream as the target presenting {@code values}; completes with how it ended. */
  private static CompletableFuture<Status> open(ManagedChannel channel, List<String> values) {
    Metadata metadata = new Metadata();
    Metadata.Key<String> key = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    values.forEach(v -> metadata.put(key, v));
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .streamAggregatedResources(new StreamObserver<>() {
          @Override
          public void onNext(DiscoveryResponse value) {
            ended.complete(SERVED);
          }

          @Override
          public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            ended.complete(Status.OK);
          }
        });
    requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId("default." + TARGET))
        .setTypeUrl("type.googleapis.com/envoy.config.cluster.v3.Cluster").build());
    // A served stream is closed by us; a refused one is already closed.
    ended.whenComplete((s, e) -> requests.onCompleted());
    return ended;
  }

  private static Status connect(List<String> values) throws Exception {
    ManagedChannel channel = Channels.to(xds);
    try {
      return open(channel, values).get(30, TimeUnit.SECONDS);
    } finally {
      channel.shutdownNow();
    }
  }

  // --- helpers ---

  /**
   * Neither any JWT-looking text nor any token-like piece (24 or more Base64url or '.' characters in a
   * row) of a value sent. Compared as such pieces of the log, since 10,000 searches of the whole log
   * would take minutes.
   */
  private static void assertNoTokenInTheLog(List<String> sent) throws IOException {
    String log = xdsLog();
    Matcher jwt = Pattern.compile("eyJ[A-Za-z0-9_-]{20,}").matcher(log);
    assertThat(jwt.find() ? jwt.group() : null).as("a token in the xds-server's log").isNull();
    Pattern piece = Pattern.compile("[A-Za-z0-9_.-]{24,}");
    String logPieces = String.join("\n", piece.matcher(log).results().map(MatchResult::group).distinct().toList());
    for (String value : sent) {
      for (String p : piece.matcher(value).results().map(MatchResult::group).distinct().toList()) {
        assertThat(logPieces.contains(p)).as("the xds-server's log contains %s of a value sent", p).isFalse();
      }
    }
  }

  private static String xdsLog() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir.resolve("xds"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("xds-server")
          && f.getFileName().toString().endsWith(".log")).toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  /** atrium_xds_auth_refusals_total over every reason. */
  private static double refusals() {
    Matcher m = Pattern.compile("(?m)^atrium_xds_auth_refusals_total\\{[^}]*\\} (\\S+)$")
        .matcher(Http.get(xds.url() + "/q/metrics").body());
    double sum = 0;
    while (m.find()) sum += Double.parseDouble(m.group(1));
    return sum;
  }

  private static int dataplaneCount() {
    return Http.get(store.apiUrl() + "/meshes/default/dataplanes").json().path("total").asInt(-1);
  }

  private static String shown(List<String> values) {
    return values.stream().map(v -> v.length() > 1000 ? v.substring(0, 1000) + "…(" + v.length() + " chars)" : v).toList().toString();
  }

  private static String publicKey(String mesh, String secret) throws Exception {
    String data = Http.get(store.apiUrl() + "/meshes/" + mesh + "/secrets/" + secret).json().path("data").asText();
    String privatePem = new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
    return dev.atrium.security.pem.Pem.encode(dev.atrium.security.pem.Pem.keyPair(privatePem).getPublic());
  }

  private static void put(String path, String json) {
    Http.Reply reply = Http.put(store.apiUrl() + path, json, "application/json");
    assertThat(reply.status()).as(path + ": " + reply.body()).isBetween(200, 201);
  }

  private static String dataplane(String name, String service) {
    return """
        {"type":"Dataplane","mesh":"default","name":"%s","networking":{"address":"127.0.0.1",
         "inbound":[{"port":10001,"servicePort":10002,"tags":{"kuma.io/service":"%s","kuma.io/protocol":"http"}}]}}
        """.formatted(name, service);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String claim(String token, String name) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    int at = payload.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return payload.substring(at, payload.indexOf('"', at));
  }
}
