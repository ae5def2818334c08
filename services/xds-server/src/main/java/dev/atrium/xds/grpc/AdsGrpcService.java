package dev.atrium.xds.grpc;

import dev.atrium.xds.wiring.XdsEngine;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;

/** Envoy's Aggregated Discovery Service (state-of-the-world and delta), served by java-control-plane. */
@GrpcService
public class AdsGrpcService implements BindableService {
  private final XdsEngine engine;

  public AdsGrpcService(XdsEngine engine) {
    this.engine = engine;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return engine.ads().adsService().bindService();
  }
}
