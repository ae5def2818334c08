package dev.atrium.xds.auth;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.secret.SecretSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * GlobalSecrets read one by name through the Store API, for {@link ZoneTokenAuthenticator}.
 *
 * <p>Why not follow them like every other kind ({@code XdsEngine.WATCHED_KINDS} leaves GlobalSecret
 * out): a Watch cannot be narrowed to names, so following the kind would keep the REST API's user-token
 * signing key and the admin's token in this server's memory, and send every change of them here, for the
 * sake of a key read only when a zone proxy connects — a handful of times per zone. A Get by name
 * fetches exactly the zone-token key and revocation list, and always their current version (a revoked
 * token or a deleted key counts at the proxy's next connection).
 */
public final class StoreGlobalSecrets implements ZoneTokenAuthenticator.GlobalSecrets {
  private final StoreGrpc.StoreBlockingStub store;
  private final Duration timeout;

  public StoreGlobalSecrets(StoreGrpc.StoreBlockingStub store, Duration timeout) {
    this.store = store;
    this.timeout = timeout;
  }

  /** @throws StatusRuntimeException when the store does not answer (the proxy is refused, not let in) */
  @Override
  public Optional<ZoneTokenAuthenticator.Stored> get(String name) {
    try {
      dev.atrium.api.store.v1.Resource r = store.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(GetRequest.newBuilder().setKey(ResourceKey.newBuilder()
              .setKind(ResourceKind.GLOBAL_SECRET.typeName()).setName(name)).build());
      SecretSpec spec = (SecretSpec) ResourceCodec.decodeSpec(ResourceKind.GLOBAL_SECRET, r.getSpecJson());
      return Optional.of(new ZoneTokenAuthenticator.Stored(spec.data() == null ? new byte[0] : spec.data(), r.getVersion()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return Optional.empty();
      throw e;
    }
  }
}
