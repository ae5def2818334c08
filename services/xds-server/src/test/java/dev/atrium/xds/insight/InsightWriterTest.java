package dev.atrium.xds.insight;

import static dev.atrium.xds.insight.FakeInsightStore.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Status;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import dev.atrium.core.xds.XdsTypes;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.ProxyStreams;
import io.envoyproxy.envoy.config.core.v3.BuildVersion;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.type.v3.SemanticVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The insight writer driven through ProxyStreams exactly as java-control-plane drives it: what lands
 * in the store, how often, and that ADS threads never wait for the store.
 */
class InsightWriterTest {
  static final ProxyId PROXY = new ProxyId("default", "backend-1");
  static final Node NODE = Node.newBuilder().setId(PROXY.nodeId())
      .setUserAgentName("envoy")
      .setUserAgentBuildVersion(BuildVersion.newBuilder()
          .setVersion(SemanticVersion.newBuilder().setMajorNumber(1).setMinorNumber(40).setPatch(0))
          .setMetadata(Struct.newBuilder()
              .putFields("revision.sha", str("abc123"))
              .putFields("revision.status", str("Clean"))
              .putFields("build.type", str("RELEASE"))
              .putFields("ssl.version", str("BoringSSL"))))
      .build();

  final FakeInsightStore store = new FakeInsightStore();
  InsightWriter writer;
  ProxyStreams streams;
  int nonce;

  void start(Duration minInterval, int limit) {
    start(minInterval, minInterval, limit);
  }

  void start(Duration minInterval, Duration ackDelay, int limit) {
    writer = new InsightWriter(store, true, minInterval, ackDelay, limit, "cp-test");
    streams = new ProxyStreams((id, node) -> Optional.empty(), new ProxyStreams.ProxyLifecycle() {
      @Override
      public void connected(ProxyId id) {}

      @Override
      public void disconnected(ProxyId id) {}
    }, Clock.systemUTC());
    streams.statusListener(writer);
    store.addDataplane(PROXY);
  }

  @AfterEach
  void stop() {
    if (writer != null) writer.close(Duration.ofSeconds(2));
  }

  @Test
  void connectAndAcksBecomeOneOnlineSubscriptionWithKumasCounters() throws Exception {
    start(Duration.ofMillis(50), 2);
    subscribe(1, XdsTypes.CLUSTER);
    pushAndAck(1, XdsTypes.CLUSTER, "c1");
    pushAndAck(1, XdsTypes.LISTENER, "l1");

    assertThat(eventually(() -> total(PROXY) == 2)).as("written: " + store.insight(PROXY)).isTrue();
    DataplaneInsightSpec insight = store.insight(PROXY);
    assertThat(insight.online()).isTrue();
    Subscription s = insight.latest().orElseThrow();
    assertThat(s.id()).isEqualTo("cp-test:1");
    assertThat(s.controlPlaneInstanceId()).isEqualTo("cp-test");
    assertThat(s.connectTime()).isNotEmpty();
    assertThat(s.status().cds().responsesSent()).isEqualTo(1);
    assertThat(s.status().lds().acceptedVersion()).isEqualTo("l1");
    assertThat(s.status().total().responsesRejected()).isZero();
    assertThat(s.status().lastUpdateTime()).isNotEmpty();
    assertThat(s.version().envoy().version()).isEqualTo("1.40.0");
    assertThat(s.version().envoy().build()).isEqualTo("abc123/1.40.0/Clean/RELEASE/BoringSSL");
  }

  @Test
  void aNackIsRecordedWithEnvoysTextAndTheAcceptedVersionStays() throws Exception {
    start(Duration.ofMillis(50), 2);
    subscribe(1, XdsTypes.LISTENER);
    pushAndAck(1, XdsTypes.LISTENER, "l1");
    String sent = push(1, XdsTypes.LISTENER, "l2");
    streams.onV3StreamRequest(1, DiscoveryRequest.newBuilder().setTypeUrl(XdsTypes.LISTENER).setVersionInfo("l1")
        .setResponseNonce(sent).setErrorDetail(Status.newBuilder().setCode(13)
            .setMessage("cannot bind '127.0.0.1:9000': Address already in use")).build());

    assertThat(eventually(() -> rejected(PROXY) == 1)).isTrue();
    var lds = store.insight(PROXY).latest().orElseThrow().status().lds();
    assertThat(lds.acceptedVersion()).isEqualTo("l1");
    assertThat(lds.rejectedVersion()).isEqualTo("l2");
    assertThat(lds.lastRejection()).isEqualTo("cannot bind '127.0.0.1:9000': Address already in use");
    assertThat(lds.lastRejectionTime()).isNotEmpty();
    assertThat(lds.responsesAcknowledged()).isEqualTo(1);
  }

  @Test
  void manyChangesCoalesceIntoFewWritesAndTheLatestStateWins() throws Exception {
    start(Duration.ofMillis(300), 2);
    subscribe(1, XdsTypes.ENDPOINT);
    assertThat(eventually(() -> store.insight(PROXY) != null)).isTrue();
    int before = store.puts();
    long started = System.nanoTime();
    for (int i = 0; i < 200; i++) pushAndAck(1, XdsTypes.ENDPOINT, "e" + i);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(eventually(() -> total(PROXY) == 200)).as("the last state is written").isTrue();
    assertThat(store.puts() - before).as("200 ACKs within %d ms", tookMillis)
        .isLessThanOrEqualTo(2 + (int) (tookMillis / 300));
    assertThat(store.insight(PROXY).latest().orElseThrow().status().eds().acceptedVersion()).isEqualTo("e199");
  }

  @Test
  void acksWaitTheAckDelayWhileANackIsWrittenAtOnce() throws Exception {
    start(Duration.ofMillis(10), Duration.ofMillis(800), 2);
    subscribe(1, XdsTypes.CLUSTER);
    assertThat(eventually(() -> store.insight(PROXY) != null)).as("a connect is written at once").isTrue();

    long acked = System.nanoTime();
    pushAndAck(1, XdsTypes.CLUSTER, "c1");
    pushAndAck(1, XdsTypes.LISTENER, "l1");
    assertThat(eventually(() -> total(PROXY) == 2)).isTrue();
    long ackMillis = (System.nanoTime() - acked) / 1_000_000;
    assertThat(ackMillis).as("the two ACKs of one push, written together after the delay").isGreaterThanOrEqualTo(700);

    String sent = push(1, XdsTypes.LISTENER, "l2");
    long nacked = System.nanoTime();
    streams.onV3StreamRequest(1, DiscoveryRequest.newBuilder().setTypeUrl(XdsTypes.LISTENER).setVersionInfo("l1")
        .setResponseNonce(sent).setErrorDetail(Status.newBuilder().setCode(13).setMessage("bad listener")).build());
    assertThat(eventually(() -> rejected(PROXY) == 1)).isTrue();
    assertThat((System.nanoTime() - nacked) / 1_000_000).as("ms until a NACK is in the store").isLessThan(500);
  }

  @Test
  void adsThreadsNeverWaitForTheStore() throws Exception {
    start(Duration.ofMillis(10), 2);
    store.gate = new CountDownLatch(1); // every write hangs until released
    subscribe(1, XdsTypes.CLUSTER);
    long started = System.nanoTime();
    for (int i = 0; i < 100; i++) pushAndAck(1, XdsTypes.CLUSTER, "c" + i);
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms for 100 ACKs while the store hangs").isLessThan(1000);
    store.gate.countDown();
    assertThat(eventually(() -> total(PROXY) == 100)).isTrue();
  }

  @Test
  void disconnectEndsTheSubscriptionAndAReconnectStartsAFreshOneKeepingTheNewestTwo() throws Exception {
    start(Duration.ofMillis(20), 2);
    for (long stream = 1; stream <= 3; stream++) {
      subscribe(stream, XdsTypes.CLUSTER);
      pushAndAck(stream, XdsTypes.CLUSTER, "c" + stream);
      streams.onStreamClose(stream, XdsTypes.CLUSTER);
      long expected = stream;
      assertThat(eventually(() -> {
        DataplaneInsightSpec i = store.insight(PROXY);
        return i != null && i.latest().orElseThrow().id().equals("cp-test:" + expected) && !i.online();
      })).as("after stream %d: %s", stream, store.insight(PROXY)).isTrue();
    }
    List<Subscription> subs = store.insight(PROXY).subscriptions();
    assertThat(subs).extracting(Subscription::id).containsExactly("cp-test:2", "cp-test:3");
    assertThat(subs).allSatisfy(s -> {
      assertThat(s.disconnectTime()).isNotEmpty();
      assertThat(s.status().total().responsesSent()).as("counts only its own responses").isEqualTo(1);
    });
  }

  @Test
  void anotherReplicasSubscriptionIsKeptAndAStaleConnectedOneIsClosed() throws Exception {
    start(Duration.ofMillis(20), 3);
    store.putDirectly(PROXY, DataplaneInsightSpec.of(List.of(new Subscription("other:9", "other",
        "2025-06-01T10:00:00Z", null, null, null, null))));
    subscribe(1, XdsTypes.CLUSTER);

    assertThat(eventually(() -> store.insight(PROXY).subscriptions().size() == 2)).isTrue();
    List<Subscription> subs = store.insight(PROXY).subscriptions();
    assertThat(subs.get(0).id()).isEqualTo("other:9");
    assertThat(subs.get(0).disconnectTime()).as("a proxy has one ADS stream at a time")
        .isEqualTo(subs.get(1).connectTime());
    assertThat(subs.get(1).connected()).isTrue();

    // Someone else writes between our writes: the compare-and-set fails once and the write is re-applied.
    store.putDirectly(PROXY, store.insight(PROXY));
    pushAndAck(1, XdsTypes.CLUSTER, "c1");
    assertThat(eventually(() -> total(PROXY) == 1)).isTrue();
    assertThat(store.conflicts).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aDeletedDataplaneGetsNoInsightBack() throws Exception {
    start(Duration.ofMillis(20), 2);
    subscribe(1, XdsTypes.CLUSTER);
    assertThat(eventually(() -> store.insight(PROXY) != null)).isTrue();
    store.deleteDataplane(PROXY); // the agent deregistered; the store deleted the insight with it
    int before = store.puts();
    streams.onStreamClose(1, XdsTypes.CLUSTER);

    assertThat(eventually(() -> store.puts() > before)).as("the disconnect was attempted").isTrue();
    Thread.sleep(200);
    assertThat(store.insight(PROXY)).isNull();
    assertThat(store.puts()).as("refused for good, not retried").isEqualTo(before + 1);
  }

  @Test
  void shutdownRecordsEveryConnectionAsEnded() throws Exception {
    start(Duration.ofSeconds(10), 2);
    subscribe(1, XdsTypes.CLUSTER);
    assertThat(eventually(() -> store.insight(PROXY) != null)).isTrue();
    writer.close(Duration.ofSeconds(2));
    assertThat(store.insight(PROXY).online()).isFalse();
  }

  @Test
  void eachIssuedCertificateIsRecordedInKumasMtlsShapeCountedFromTheStoredValue() throws Exception {
    start(Duration.ofMillis(50), 2);
    subscribe(1, XdsTypes.CLUSTER);
    writer.certificateIssued(PROXY, new dev.atrium.core.model.insight.MtlsInsight("2026-12-06T12:00:00Z",
        "2026-12-05T12:00:00Z", 1, "ca-1", List.of("ca-1")));
    assertThat(eventually(() -> regenerations() == 1)).as("written: " + store.insight(PROXY)).isTrue();

    writer.certificateIssued(PROXY, new dev.atrium.core.model.insight.MtlsInsight("2026-12-06T12:00:48Z",
        "2026-12-05T12:00:48Z", 1, "ca-1", List.of("ca-1")));
    assertThat(eventually(() -> regenerations() == 2)).as("written: " + store.insight(PROXY)).isTrue();

    com.fasterxml.jackson.databind.JsonNode mtls = store.insight(PROXY).mTLS();
    assertThat(mtls.path("certificateExpirationTime").asText()).isEqualTo("2026-12-06T12:00:48Z");
    assertThat(mtls.path("lastCertificateRegeneration").asText()).isEqualTo("2026-12-05T12:00:48Z");
    assertThat(mtls.path("certificateRegenerations").isNumber()).isTrue();
    assertThat(mtls.path("issuedBackend").asText()).isEqualTo("ca-1");
    assertThat(mtls.path("supportedBackends").get(0).asText()).isEqualTo("ca-1");
    // The subscriptions are written beside it, unchanged by it.
    assertThat(store.insight(PROXY).online()).isTrue();
  }

  @Test
  void aZoneIngressGetsItsOwnRecordThroughConnectAcksNackAndDisconnect() throws Exception {
    start(Duration.ofMillis(20), 2);
    ProxyId ingress = ProxyId.ingress("zi-1");
    store.addDataplane(ingress); // its ZoneIngress
    Node node = NODE.toBuilder().setId(ingress.nodeId()).build();
    streams.onV3StreamRequest(7, DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(XdsTypes.CLUSTER).build());
    pushAndAck(7, XdsTypes.CLUSTER, "c1");
    pushAndAck(7, XdsTypes.LISTENER, "l1");
    assertThat(eventually(() -> total(ingress) == 2)).as("written: " + store.insight(ingress)).isTrue();
    assertThat(store.insight(ingress).online()).isTrue();

    String sent = push(7, XdsTypes.LISTENER, "l2");
    streams.onV3StreamRequest(7, DiscoveryRequest.newBuilder().setTypeUrl(XdsTypes.LISTENER).setVersionInfo("l1")
        .setResponseNonce(sent).setErrorDetail(Status.newBuilder().setCode(13).setMessage("no such filter")).build());
    assertThat(eventually(() -> rejected(ingress) == 1)).isTrue();
    streams.onStreamClose(7, XdsTypes.CLUSTER);

    assertThat(eventually(() -> !store.insight(ingress).online())).as("closed: " + store.insight(ingress)).isTrue();
    Subscription s = store.insight(ingress).latest().orElseThrow();
    assertThat(s.id()).isEqualTo("cp-test:7");
    assertThat(s.connectTime()).isNotEmpty();
    assertThat(s.disconnectTime()).isNotEmpty();
    assertThat(s.status().total().responsesSent()).isEqualTo(3);
    assertThat(s.status().lds().lastRejection()).isEqualTo("no such filter");
    assertThat(s.version().envoy().version()).isEqualTo("1.40.0");
    assertThat(store.insight(ingress).mTLS()).as("an ingress holds no certificate").isNull();
    assertThat(store.insight(PROXY)).as("the Dataplane's record is another").isNull();
  }

  private long regenerations() {
    DataplaneInsightSpec insight = store.insight(PROXY);
    return insight == null ? 0 : dev.atrium.core.model.insight.MtlsInsight.of(insight.mTLS())
        .map(dev.atrium.core.model.insight.MtlsInsight::certificateRegenerations).orElse(0L);
  }

  private void subscribe(long stream, String type) throws Exception {
    streams.onV3StreamRequest(stream, DiscoveryRequest.newBuilder().setNode(NODE).setTypeUrl(type).build());
  }

  private String push(long stream, String type, String version) {
    String n = String.valueOf(++nonce);
    streams.onV3StreamResponse(stream, DiscoveryRequest.getDefaultInstance(),
        DiscoveryResponse.newBuilder().setTypeUrl(type).setVersionInfo(version).setNonce(n).build());
    return n;
  }

  private void pushAndAck(long stream, String type, String version) throws Exception {
    String n = push(stream, type, version);
    streams.onV3StreamRequest(stream, DiscoveryRequest.newBuilder().setTypeUrl(type).setVersionInfo(version)
        .setResponseNonce(n).build());
  }

  private long total(ProxyId id) {
    DataplaneInsightSpec i = store.insight(id);
    return i == null ? -1 : i.latest().map(s -> s.status().total().responsesAcknowledged()).orElse(-1L);
  }

  private long rejected(ProxyId id) {
    DataplaneInsightSpec i = store.insight(id);
    return i == null ? -1 : i.latest().map(s -> s.status().total().responsesRejected()).orElse(-1L);
  }

  private static Value str(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }
}
