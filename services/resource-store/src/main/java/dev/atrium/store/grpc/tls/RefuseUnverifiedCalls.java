package dev.atrium.store.grpc.tls;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Closes every call on a connection whose caller certificate {@link CallerCertificateFilter} did not
 * verify, with UNAUTHENTICATED and the reason, before the Store service sees it. Fails closed: a call
 * without a verdict at all is refused too.
 */
final class RefuseUnverifiedCalls implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getAttributes().get(CallerCertificateFilter.VERIFIED_CALLER) != null) {
      return next.startCall(call, headers);
    }
    String reason = call.getAttributes().get(CallerCertificateFilter.REFUSAL);
    call.close(Status.UNAUTHENTICATED.withDescription("the Store gRPC API requires a client certificate signed by"
        + " Atrium's internal CA: " + (reason == null ? "the connection was not verified" : reason)), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
