package dev.atrium.xds.grpc;

import dev.atrium.xds.auth.AuthorizationMetadata;
import dev.atrium.xds.wiring.XdsEngine;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;

/**
 * Envoy's Aggregated Discovery Service (state-of-the-world and delta), served by java-control-plane,
 * with its calls ended when their connection ends ({@link AdsConnectionWatch}) and each call's
 * {@code authorization} metadata kept for the stream's authentication ({@link AuthorizationMetadata}).
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
    // The credential interceptor runs first (ServerInterceptors applies the last one outermost).
    return ServerInterceptors.intercept(engine.ads().adsService(), connections.cancellation(), new AuthorizationMetadata());
  }
}
