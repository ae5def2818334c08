package dev.atrium.xds.grpc;

import dev.atrium.xds.auth.AuthorizationMetadata;
import dev.atrium.xds.auth.OffloadedCalls;
import dev.atrium.xds.wiring.XdsEngine;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import java.util.ArrayList;
import java.util.List;

/**
 * Envoy's Aggregated Discovery Service (state-of-the-world and delta), served by java-control-plane,
 * with its calls ended when their connection ends ({@link AdsConnectionWatch}) and each call's
 * {@code authorization} metadata kept for the stream's authentication ({@link AuthorizationMetadata}),
 * run off the event loop when that check asks the Kubernetes API server ({@link OffloadedCalls}).
 */
@GrpcService
public class AdsGrpcService implements BindableService {
  private final XdsEngine engine;
  private final AdsConnectionWatch connections;

  public AdsGrpcService(XdsEngine engine, AdsConnectionWatch connections) {
    this.engine = engine;
    this.connections = connections;
  }

  @Override
  public ServerServiceDefinition bindService() {
    // ServerInterceptors.intercept: the last one sees the call first. Credentials innermost (their
    // context is attached where the service runs), the connection watch outermost.
    List<ServerInterceptor> interceptors = new ArrayList<>(List.of(new AuthorizationMetadata()));
    engine.offloadedCalls().ifPresent(interceptors::add);
    interceptors.add(connections.cancellation());
    return ServerInterceptors.intercept(engine.ads().adsService(), interceptors);
  }
}
