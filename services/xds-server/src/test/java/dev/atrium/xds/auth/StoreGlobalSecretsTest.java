package dev.atrium.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.api.store.v1.GetRequest;
import dev.atrium.api.store.v1.Resource;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.security.token.SigningKey;
import dev.atrium.security.token.ZoneTokenClaims;
import dev.atrium.security.token.ZoneTokens;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Zone-token keys read by name from a Store API (a real gRPC server on loopback): found, absent
 * (NOT_FOUND is "no such key", not a failure), and a store that fails (the error propagates, the proxy
 * is not let in); and the whole check over it.
 */
class StoreGlobalSecretsTest {
  private static final SigningKey KEY = SigningKey.generate("1");

  private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  private final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Server server;
  private ManagedChannel channel;
  private StoreGlobalSecrets secrets;

  @BeforeEach
  void start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new StoreGrpc.StoreImplBase() {
      @Override
      public void get(GetRequest request, StreamObserver<Resource> response) {
        asked.add(request.getKey().getKind() + "/" + request.getKey().getMesh() + "/" + request.getKey().getName());
        if (request.getKey().getName().equals("broken")) {
          response.onError(Status.UNAVAILABLE.withDescription("store down").asRuntimeException());
          return;
        }
        byte[] data = stored.get(request.getKey().getName());
        if (data == null) {
          response.onError(Status.NOT_FOUND.withDescription("GlobalSecret not found").asRuntimeException());
          return;
        }
        response.onNext(Resource.newBuilder().setKey(request.getKey()).setVersion(7)
            .setSpecJson(ResourceCodec.encodeSpec(new SecretSpec(data))).build());
        response.onCompleted();
      }
    }).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    secrets = new StoreGlobalSecrets(StoreGrpc.newBlockingStub(channel), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void readsOneGlobalSecretByNameAndSaysWhenThereIsNone() {
    stored.put("zone-token-signing-public-key-1", KEY.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
    ZoneTokenAuthenticator.Stored found = secrets.get("zone-token-signing-public-key-1").orElseThrow();
    assertThat(new String(found.data(), StandardCharsets.US_ASCII)).isEqualTo(KEY.publicKeyPem());
    assertThat(found.version()).isEqualTo(7);
    assertThat(secrets.get("zone-token-revocations")).isEmpty();
    assertThat(asked).containsExactly("GlobalSecret//zone-token-signing-public-key-1", "GlobalSecret//zone-token-revocations");
    assertThatThrownBy(() -> secrets.get("broken")).isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAVAILABLE");
  }

  @Test
  void aZoneIngressTokenChecksOutAgainstTheStoresKeysOnly() {
    stored.put("zone-token-signing-public-key-1", KEY.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
    ZoneTokenAuthenticator authenticator = new ZoneTokenAuthenticator(secrets, "zone-2", Clock.systemUTC());
    String token = ZoneTokens.issue(KEY, new ZoneTokenClaims("zone-2", List.of("ingress")), Duration.ofHours(1), Clock.systemUTC());
    assertThatCode(() -> authenticator.authenticate(token, "ingress-1")).doesNotThrowAnyException();
    assertThat(asked).allMatch(a -> a.startsWith("GlobalSecret//zone-token-"));
    assertThat(asked).noneMatch(a -> a.contains("user-token") || a.contains("admin"));
  }
}
