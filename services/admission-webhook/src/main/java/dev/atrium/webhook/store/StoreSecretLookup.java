package dev.atrium.webhook.store;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.webhook.admission.LookupUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Mesh Secrets from the resource-store, so a MeshGateway's TLS certificate given as {@code secret:} is
 * checked at admission exactly as the REST API checks it when the gateway is written there.
 */
public final class StoreSecretLookup implements SecretLookup {
  private final StoreGrpc.StoreBlockingStub blocking;
  private final Duration timeout;

  public StoreSecretLookup(StoreGrpc.StoreBlockingStub blocking, Duration timeout) {
    this.blocking = blocking;
    this.timeout = timeout;
  }

  @Override
  public Optional<byte[]> find(String mesh, String name) {
    try {
      Resource r = blocking.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).get(GetRequest.newBuilder()
          .setKey(ResourceKey.newBuilder().setKind(ResourceKind.SECRET.typeName()).setMesh(mesh).setName(name)).build());
      return Optional.ofNullable(((SecretSpec) ResourceCodec.decodeSpec(ResourceKind.SECRET, r.getSpecJson())).data());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return Optional.empty();
      throw new LookupUnavailableException("cannot read secret \"" + name + "\" of mesh \"" + mesh
          + "\" from the resource-store: " + e.getStatus(), e);
    }
  }
}
