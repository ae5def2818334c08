package dev.atrium.store.grpc.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Hands a Store gRPC call's bearer token ({@code authorization: Bearer <token>}, a zone control plane's
 * zone token) to the Store service through the gRPC Context, which Quarkus carries onto the worker
 * thread of a blocking method. Only taken here, not judged: judging reads the signing keys from the
 * store, which must not happen on the event loop this runs on ({@link ZoneCallers} does it). A
 * registered interceptor of the server itself, so it runs before any of the service's own.
 */
@Singleton
public class CallerToken implements ServerBuilderCustomizer<VertxServerBuilder> {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> TOKEN = Context.key("atrium.store.caller-token");
  private static final String BEARER = "Bearer ";

  /** The current call's bearer token, if it sent one. */
  public static Optional<String> current() {
    return Optional.ofNullable(TOKEN.get());
  }

  @Override
  public void customize(GrpcServerConfiguration config, VertxServerBuilder builder) {
    builder.intercept(new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null) return next.startCall(call, headers);
        if (!authorization.startsWith(BEARER) || authorization.length() == BEARER.length()) {
          // The header's value is not echoed: it may be a credential of some other kind.
          call.close(Status.UNAUTHENTICATED.withDescription("the Store gRPC API takes a zone token as"
              + " 'authorization: Bearer <token>'; this call's authorization is not a bearer token"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        Context context = Context.current().withValue(TOKEN, authorization.substring(BEARER.length()).strip());
        return Contexts.interceptCall(context, call, headers, next);
      }
    });
  }
}
