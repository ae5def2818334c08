package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A proxy whose Dataplane does not exist gets a clear error and no config. */
class UnknownProxyE2ETest extends WithControlPlane {

  @Test
  void adsStreamOfAnUnknownDataplaneIsRefusedWithItsName() throws Exception {
    Status status = openAds("default.ghost");
    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).contains("Dataplane \"ghost\" not found in mesh \"default\"");

    assertThat(openAds("no-dot-here").getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void bootstrapOfAnUnregisteredDataplaneIs404SoTheAgentRetries() {
    int status = ProxyStatusClient.post(xds.url() + "/bootstrap", "{\"mesh\":\"default\",\"name\":\"ghost\","
        + "\"dataplaneToken\":\"" + xds.dataplaneToken("default", null) + "\"}");
    assertThat(status).isEqualTo(404);
  }

  /** Opens an ADS stream as the given node and returns how the server ended it. */
  private Status openAds(String nodeId) throws Exception {
    ManagedChannel channel = dev.atrium.e2e.Channels.to(xds);
    try {
      CompletableFuture<Status> ended = new CompletableFuture<>();
      // A token for the mesh: the refusal is about the Dataplane, not about who asks.
      Metadata token = new Metadata();
      token.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), xds.dataplaneToken("default", null));
      StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token))
          .streamAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse value) {
              ended.complete(Status.INTERNAL.withDescription("got config: " + value.getTypeUrl()));
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
      requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId(nodeId))
          .setTypeUrl("type.googleapis.com/envoy.config.cluster.v3.Cluster").build());
      return ended.get(10, TimeUnit.SECONDS);
    } finally {
      channel.shutdownNow();
    }
  }
}
