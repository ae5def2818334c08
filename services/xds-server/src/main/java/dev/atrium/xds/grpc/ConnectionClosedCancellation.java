package dev.atrium.xds.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a gRPC call when its HTTP/2 connection ends, as grpc-java's own transport does (ADR 0009).
 *
 * <p>On the unified HTTP port, Vert.x's gRPC bridge tells a call's listener {@code onCancel} only when
 * the client resets the stream (RST_STREAM). A connection that closes — the proxy killed, its host gone,
 * a keepalive timeout — reaches the request only as an exception the bridge does not listen to, so the
 * call, java-control-plane's stream and every per-proxy state behind it lived on. This interceptor
 * remembers each call under its connection (local and remote address, the only link between the gRPC
 * call and the Vert.x connection), and {@link #connectionClosed} cancels them, which ends the stream
 * through the normal path: {@code onCancel} → the service's request observer {@code onError} →
 * java-control-plane's stream-close callbacks.
 */
public final class ConnectionClosedCancellation implements ServerInterceptor {
  private final ConcurrentMap<String, Set<CancellableListener<?>>> callsByConnection = new ConcurrentHashMap<>();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    String connection = connectionKey(call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR),
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    if (connection == null) return delegate;
    CancellableListener<Q> listener = new CancellableListener<>(delegate, connection);
    callsByConnection.computeIfAbsent(connection, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return listener;
  }

  /**
   * The connection is gone: every call still open on it is cancelled. Call it on the connection's
   * event loop (its close handler runs there), where the bridge delivers the calls' other events.
   */
  public void connectionClosed(String connection) {
    Set<CancellableListener<?>> calls = callsByConnection.remove(connection);
    if (calls == null) return;
    for (CancellableListener<?> call : calls) call.cancel();
  }

  /** Calls open on {@code connection}, for tests and status. */
  int openCalls(String connection) {
    Set<CancellableListener<?>> calls = callsByConnection.get(connection);
    return calls == null ? 0 : calls.size();
  }

  /** The key both sides agree on: numeric addresses, so "localhost" and "127.0.0.1" cannot differ. */
  static String connectionKey(SocketAddress local, SocketAddress remote) {
    if (!(local instanceof InetSocketAddress l) || !(remote instanceof InetSocketAddress r)) return null;
    if (l.getAddress() == null || r.getAddress() == null) return null;
    return key(l.getAddress().getHostAddress(), l.getPort(), r.getAddress().getHostAddress(), r.getPort());
  }

  static String key(String localHost, int localPort, String remoteHost, int remotePort) {
    return localHost + ":" + localPort + "<-" + remoteHost + ":" + remotePort;
  }

  private void forget(CancellableListener<?> call) {
    callsByConnection.computeIfPresent(call.connection, (k, calls) -> {
      calls.remove(call);
      return calls.isEmpty() ? null : calls;
    });
  }

  /** A call's listener that can be cancelled once from outside, and forgets itself when the call ends. */
  private final class CancellableListener<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final String connection;
    private final AtomicBoolean ended = new AtomicBoolean();

    CancellableListener(ServerCall.Listener<Q> delegate, String connection) {
      super(delegate);
      this.connection = connection;
    }

    void cancel() {
      if (ended.compareAndSet(false, true)) super.onCancel();
    }

    @Override
    public void onCancel() {
      forget(this);
      if (ended.compareAndSet(false, true)) super.onCancel();
    }

    @Override
    public void onComplete() {
      forget(this);
      if (ended.compareAndSet(false, true)) super.onComplete();
    }
  }
}
