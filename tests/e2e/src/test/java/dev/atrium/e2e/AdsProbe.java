package dev.atrium.e2e;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import dev.atrium.testing.process.XdsServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One ADS stream from grpc-java, as a proxy opens it (node id, {@code authorization} metadata): tells
 * whether the server served it (a first response) or how it refused it. Cheaper than an Envoy where
 * only the refusal is shown.
 */
public final class AdsProbe {
  public static final Status SERVED = Status.OK.withDescription("served");

  private AdsProbe() {}

  /** @param token sent as the {@code authorization} metadata, none when null */
  public static Status connect(XdsServerProcess xds, String nodeId, String token) {
    ManagedChannel channel = Channels.to(xds);
    try {
      Metadata metadata = new Metadata();
      if (token != null) metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), token);
      CompletableFuture<Status> ended = new CompletableFuture<>();
      StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
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
      requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId(nodeId))
          .setTypeUrl("type.googleapis.com/envoy.config.cluster.v3.Cluster").build());
      Status status = ended.get(10, TimeUnit.SECONDS);
      requests.onCompleted();
      return status;
    } catch (Exception e) {
      throw new AssertionError("ADS stream as " + nodeId + ": " + e, e);
    } finally {
      channel.shutdownNow();
    }
  }
}
