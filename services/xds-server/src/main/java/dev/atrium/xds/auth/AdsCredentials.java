package dev.atrium.xds.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the {@code authorization} metadata of an ADS call readable while java-control-plane runs the
 * stream's callbacks: the values go into the call's gRPC {@link Context}, which is attached around
 * every listener event, and the admission check (run inside the first request's event) reads them with
 * {@link #presented()}. Kuma's bootstrap puts the raw token there, without {@code Bearer}.
 */
public final class AdsCredentials implements ServerInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<List<String>> PRESENTED = Context.key("atrium-ads-authorization");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Iterable<String> values = headers.getAll(AUTHORIZATION);
    List<String> presented = new ArrayList<>();
    if (values != null) values.forEach(presented::add);
    Context context = Context.current().withValue(PRESENTED, List.copyOf(presented));
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The {@code authorization} values of the call whose event is running on this thread; empty outside one. */
  public static List<String> presented() {
    List<String> values = PRESENTED.get();
    return values == null ? List.of() : values;
  }
}
