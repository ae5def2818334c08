package dev.atrium.xds.lifecycle;

import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.InvalidResourceException;
import io.grpc.StatusRuntimeException;

/**
 * A Dataplane its agent sends to be registered — in the bootstrap request, or again in its proxy's node
 * metadata when the proxy comes back after it was deregistered — and its write to the store.
 */
public final class AgentDataplanes {
  private AgentDataplanes() {}

  /** Refused by the agent's own fault: the text says why (kuma-dp shows it and stops). */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** The Dataplane in {@code json}, which must be the one named {@code mesh}/{@code name}. */
  public static Resource decode(String json, String mesh, String name) {
    Resource dp;
    try {
      dp = ResourceCodec.decode(json);
    } catch (InvalidResourceException e) {
      throw new Refused(e.getMessage());
    }
    if (dp.kind() != ResourceKind.DATAPLANE || !mesh.equals(dp.mesh()) || !name.equals(dp.name())) {
      throw new Refused("dataplaneResource must be the Dataplane " + mesh + "/" + name);
    }
    return dp;
  }

  /** Creates or replaces the Dataplane through the Store API; returns its new version (revision). */
  public static long put(StoreGrpc.StoreBlockingStub store, Resource dp) {
    try {
      return store.put(PutRequest.newBuilder()
          .setKey(ResourceKey.newBuilder().setKind(dp.kind().typeName()).setMesh(dp.mesh()).setName(dp.name()))
          .putAllLabels(dp.meta().labels())
          .setSpecJson(ResourceCodec.encodeSpec(dp.spec()))
          .build()).getResource().getVersion();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT
          || e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        throw new Refused("the Dataplane was refused: " + e.getStatus().getDescription());
      }
      throw e;
    }
  }

  /**
   * The Dataplane an agent put in its proxy's node metadata ({@code dataplane.resource}), when it is a
   * valid one named {@code id}; empty otherwise.
   */
  public static java.util.Optional<Resource> fromNodeMetadata(dev.atrium.xds.ads.ProxyId id,
      io.envoyproxy.envoy.config.core.v3.Node node) {
    var field = node.getMetadata().getFieldsMap().get(dev.atrium.xds.ads.ProxyStreams.REGISTERED_BY_AGENT);
    if (field == null || field.getStringValue().isBlank()) return java.util.Optional.empty();
    try {
      return java.util.Optional.of(decode(field.getStringValue(), id.mesh(), id.name()));
    } catch (RuntimeException invalid) { // Refused, or metadata that is not a resource at all
      return java.util.Optional.empty();
    }
  }
}
