package dev.atrium.e2e.multizone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;

/**
 * Calls to global's Store gRPC API as a zone control plane makes them (mutual TLS, a zone token as
 * {@code authorization: Bearer}), for checking what global lets each token do.
 */
final class ZoneCalls {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private ZoneCalls() {}

  /** {@code store} presenting {@code token}. */
  static StoreGrpc.StoreBlockingStub bearer(StoreGrpc.StoreBlockingStub store, String token) {
    return store.withInterceptors(new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(AUTHORIZATION, "Bearer " + token);
            super.start(listener, headers);
          }
        };
      }
    });
  }

  /** A zone's copy of a Dataplane as its sync writes it to global: origin zone, {@code zone}'s label. */
  static PutRequest dataplaneOf(String zone, String name) {
    return PutRequest.newBuilder().setKey(ResourceKey.newBuilder().setKind("Dataplane").setMesh("default").setName(name))
        .putAllLabels(Map.of("kuma.io/origin", "zone", "kuma.io/zone", zone, "kuma.io/display-name", name))
        .setSpecJson("{\"networking\":{\"address\":\"127.0.0.1\",\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"web\"}}]}}")
        .build();
  }

  /** Global's Mesh {@code default}, as only global's own services may write it. */
  static PutRequest mesh() {
    return PutRequest.newBuilder().setKey(ResourceKey.newBuilder().setKind("Mesh").setName("default")).setSpecJson("{}").build();
  }

  /** That {@code put} is refused with {@code code} and a description holding {@code text}; returns the description. */
  static String refused(Runnable put, Status.Code code, String text) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, put::run);
    assertThat(e).as("refused with %s", code).isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).contains(text);
    return e.getStatus().getDescription();
  }
}
