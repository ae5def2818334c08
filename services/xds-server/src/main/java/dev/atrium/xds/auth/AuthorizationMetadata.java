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
 * Reads what a proxy presents on its ADS stream — the gRPC metadata {@code authorization}, which Envoy
 * sends from the bootstrap's {@code initial_metadata} — and makes it the call's {@link Context} value,
 * so that the stream's first request can be checked where the proxy's identity is known
 * ({@code ProxyStreams.Admission}). java-control-plane runs its callbacks inside the listener's
 * {@code onMessage}, where {@link Contexts#interceptCall} has attached that context.
 */
public final class AuthorizationMetadata implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Presented> PRESENTED = Context.key("atrium-proxy-credential");

  /** What the stream carried: exactly one credential, or why there is none usable. */
  public record Presented(String credential, String problem) {
    /** Kuma's words when the header is missing or repeated. */
    static Presented of(Iterable<String> values) {
      List<String> all = new ArrayList<>();
      if (values != null) values.forEach(all::add);
      if (all.size() != 1) {
        return new Presented(null, "request must have exactly 1 \"authorization\" header, got " + all.size());
      }
      return new Presented(withoutBearer(all.get(0)), null);
    }

    @Override
    public String toString() {
      return problem != null ? "Presented[" + problem + "]" : "Presented[<credential>]"; // never the token
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Context context = Context.current().withValue(PRESENTED, Presented.of(headers.getAll(AUTHORIZATION)));
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** What the current ADS call presented; a call that did not pass this interceptor presented nothing. */
  public static Presented current() {
    Presented p = PRESENTED.get();
    return p != null ? p : Presented.of(List.of());
  }

  /** Kuma's agents send the raw JWT; other clients (grpc-java's call credentials) prefix {@code Bearer }. */
  public static String withoutBearer(String value) {
    String v = value.strip();
    return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).strip() : v;
  }
}
