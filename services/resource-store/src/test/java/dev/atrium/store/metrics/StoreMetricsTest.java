package dev.atrium.store.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.testing.prometheus.Exposition;
import dev.atrium.testing.prometheus.Promtool;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads on the store's {@code /q/metrics} after using it through REST and gRPC: the
 * operation histogram with its tags, conflicts counted exactly, resources per kind as stored, Watch
 * streams and their lag, and an exposition promtool accepts. The REST API has no expected versions
 * (as Kuma's), so conflicts are made with the Store API's Put.
 */
@QuarkusTest
@TestProfile(StoreMetricsProfile.class)
class StoreMetricsTest {
  private static final String GATEWAY_SPEC = """
      {"selectors":[{"match":{"kuma.io/service":"edge"}}],"conf":{"listeners":[{"port":8080,"protocol":"HTTP"}]}}""";

  @GrpcClient("store")
  StoreGrpc.StoreBlockingStub blocking;

  @GrpcClient("store")
  Channel channel; // for the async stub, whose calls can be cancelled

  @Test
  void operationsConflictsAndResourceCountsAreWhatTheClientsDid() {
    Exposition before = scrape();

    putGateway("metrics-a", 201);
    putGateway("metrics-b", 201);
    putGateway("metrics-a", 200);
    Resource b = blocking.get(GetRequest.newBuilder().setKey(key("metrics-b")).build());
    putGateway("metrics-b", 200); // b's version is now newer than the one read above
    assertConflict(PutRequest.newBuilder().setKey(key("metrics-b")).setSpecJson(GATEWAY_SPEC)
        .setHasExpectedVersion(true).setExpectedVersion(b.getVersion()).build());
    assertConflict(PutRequest.newBuilder().setKey(key("metrics-a")).setSpecJson(GATEWAY_SPEC)
        .setHasExpectedVersion(true).setExpectedVersion(0).build()); // create, but it exists
    given().delete("/meshes/default/meshgateways/metrics-b").then().statusCode(200);
    given().get("/meshes/default/meshgateways/metrics-b").then().statusCode(404);

    Exposition after = scrape();
    assertThat(delta(before, after, "atrium_store_operation_seconds_count", "put", "ok")).isEqualTo(4);
    assertThat(delta(before, after, "atrium_store_operation_seconds_count", "put", "conflict")).isEqualTo(2);
    assertThat(delta(before, after, "atrium_store_operation_seconds_count", "delete", "ok")).isEqualTo(1);
    assertThat(delta(before, after, "atrium_store_operation_seconds_count", "get", "ok")).isEqualTo(1);
    assertThat(delta(before, after, "atrium_store_operation_seconds_count", "get", "not_found")).isEqualTo(1);
    // A histogram: every observation is in the +Inf bucket.
    assertThat(after.value("atrium_store_operation_seconds_bucket", "operation", "put", "kind", "MeshGateway",
        "outcome", "ok", "le", "+Inf"))
        .isEqualTo(after.value("atrium_store_operation_seconds_count", "operation", "put", "kind", "MeshGateway",
            "outcome", "ok"));

    assertThat(after.value("atrium_store_conflicts_total", "kind", "MeshGateway")
        - before.value("atrium_store_conflicts_total", "kind", "MeshGateway")).isEqualTo(2);
    assertThat(sum(after, "atrium_store_conflicts_total") - sum(before, "atrium_store_conflicts_total")).isEqualTo(2);

    eventually("resources{kind=MeshGateway} equals the gateways stored", () ->
        scrape().value("atrium_store_resources", "kind", "MeshGateway") == restTotal("/meshes/default/meshgateways"));
    eventually("resources{kind=Mesh} equals the meshes stored", () ->
        scrape().value("atrium_store_resources", "kind", "Mesh") == restTotal("/meshes"));
    assertThat(scrape().value("atrium_store_resources", "kind", "MeshGatewayRoute"))
        .isEqualTo(restTotal("/meshgatewayroutes"));
  }

  @Test
  void anOpenWatchIsCountedAndTheLagOfWhatItReceivesMeasured() {
    double watchersBefore = scrape().value("atrium_store_watchers");
    double lagBefore = scrape().value("atrium_store_watch_lag_seconds_count");
    Watch watch = new Watch();
    List<WatchEvent> received = watch.received;
    StoreGrpc.newStub(channel).watch(WatchRequest.newBuilder().addKinds("MeshGateway").setMesh("default").build(), watch);
    try {
      eventually("one more watcher", () -> scrape().value("atrium_store_watchers") == watchersBefore + 1);
      eventually("the initial list", () -> received.stream().anyMatch(e -> e.getType() == WatchEvent.Type.SYNCED));

      putGateway("watched", 201);
      eventually("the watch received the new gateway", () -> received.stream()
          .anyMatch(e -> e.getType() == WatchEvent.Type.PUT && e.getResource().getKey().getName().equals("watched")));
      eventually("the lag histogram counted the change", () ->
          scrape().value("atrium_store_watch_lag_seconds_count") >= lagBefore + 1);
      eventually("nothing left to deliver", () -> scrape().value("atrium_store_watch_lag_revisions") == 0);
    } finally {
      watch.cancel();
    }
    eventually("the watcher is gone", () -> scrape().value("atrium_store_watchers") == watchersBefore);
  }

  @Test
  void promtoolFindsNothingToComplainAbout() {
    putGateway("promtool", 201); // so that every meter of the store has samples
    given().get("/meshes/default/meshgateways/missing").then().statusCode(404);
    String exposition = given().accept("*/*").get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(exposition).contains("atrium_store_operation_seconds_bucket", "atrium_store_resources");
    Promtool.Check check = Promtool.checkMetrics(exposition);
    assertThat(check.clean()).as(check.toString()).isTrue();
  }

  /** A Watch stream the test can end, as a watcher's process ending would (the Mutiny stub cannot cancel a call). */
  private static final class Watch implements ClientResponseObserver<WatchRequest, WatchEvent> {
    final List<WatchEvent> received = new CopyOnWriteArrayList<>();
    private volatile ClientCallStreamObserver<WatchRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> call) {
      this.call = call;
    }

    @Override
    public void onNext(WatchEvent event) {
      received.add(event);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}

    void cancel() {
      call.cancel("the test is done watching", null);
    }
  }

  private static void putGateway(String name, int status) {
    given().contentType("application/json")
        .body("{\"type\":\"MeshGateway\",\"mesh\":\"default\",\"name\":\"" + name + "\","
            + GATEWAY_SPEC.substring(1))
        .put("/meshes/default/meshgateways/" + name).then().statusCode(status);
  }

  private void assertConflict(PutRequest request) {
    assertThatThrownBy(() -> blocking.put(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED));
  }

  private static ResourceKey key(String name) {
    return ResourceKey.newBuilder().setKind("MeshGateway").setMesh("default").setName(name).build();
  }

  private static Exposition scrape() {
    return Exposition.parse(given().accept("*/*").get("/q/metrics").then().statusCode(200).extract().asString());
  }

  private static double restTotal(String path) {
    return given().get(path).then().statusCode(200).extract().jsonPath().getDouble("total");
  }

  private static double delta(Exposition before, Exposition after, String name, String operation, String outcome) {
    String[] labels = {"operation", operation, "kind", "MeshGateway", "outcome", outcome};
    return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
  }

  private static double sum(Exposition e, String name) {
    return e.find(name).stream().mapToDouble(Exposition.Sample::value).sum();
  }

  /** Waits for something the store does asynchronously (a watch delivery); the deadline is only a safety net. */
  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
