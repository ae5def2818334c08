package dev.atrium.xds.grpc;

import dev.atrium.xds.config.XdsConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Watches every HTTP/2 connection that carries gRPC on the xds-server's port (ADR 0009):
 * <ul>
 *   <li>when it closes, for any reason, the calls on it end ({@link ConnectionClosedCancellation});
 *   <li>every {@code keepalive-time} it sends an HTTP/2 PING; a connection whose peer has not answered
 *       within {@code keepalive-timeout} is dead (the host vanished, a firewall drops its packets —
 *       TCP alone would notice only after many minutes), so its calls end at once and it is closed.
 * </ul>
 * Installed as the first route of the HTTP router, which sees every request before Quarkus's gRPC
 * handler; it only looks at the connection and passes the request on.
 */
@Singleton
public class AdsConnectionWatch {
  private static final Logger LOG = Logger.getLogger(AdsConnectionWatch.class);

  private final Vertx vertx;
  private final ConnectionClosedCancellation cancellation = new ConnectionClosedCancellation();
  private final Set<HttpConnection> watched = ConcurrentHashMap.newKeySet();
  private final long keepaliveMillis;
  private final long timeoutMillis;
  private final AtomicLong deadConnections = new AtomicLong();

  public AdsConnectionWatch(Vertx vertx, XdsConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.keepaliveMillis = positive(config.keepaliveTime());
    this.timeoutMillis = positive(config.keepaliveTimeout());
    FunctionCounter.builder("atrium.xds.keepalive.timeouts", deadConnections, AtomicLong::get)
        .description("ADS connections closed because the proxy did not answer a keepalive PING in time")
        .register(registry);
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(rc -> {
      HttpServerRequest request = rc.request();
      if (request.version() == HttpVersion.HTTP_2 && isGrpc(request.getHeader("content-type"))) {
        watch(request.connection());
      }
      rc.next();
    });
  }

  /** The interceptor the ADS service is bound with. */
  public ConnectionClosedCancellation cancellation() {
    return cancellation;
  }

  private void watch(HttpConnection connection) {
    if (!watched.add(connection)) return;
    String key = keyOf(connection);
    long pinger = vertx.setPeriodic(keepaliveMillis, id -> ping(connection, key));
    Runnable onClose = () -> {
      vertx.cancelTimer(pinger);
      watched.remove(connection);
      if (key != null) cancellation.connectionClosed(key);
    };
    // ConnectionBase.closeFuture() lets several parties wait for the close; closeHandler() has one
    // slot (Quarkus uses it only for quarkus.http.limits.max-connections, which this server leaves unset).
    if (connection instanceof ConnectionBase base) {
      base.closeFuture().onComplete(ignored -> onClose.run());
    } else {
      connection.closeHandler(ignored -> onClose.run());
    }
  }

  private void ping(HttpConnection connection, String key) {
    long deadline = vertx.setTimer(timeoutMillis, id -> {
      deadConnections.incrementAndGet();
      LOG.warnf("ADS connection %s did not answer a keepalive PING within %d ms: closing it", key, timeoutMillis);
      // End the calls now: closing a connection whose peer is silent may take the transport a while.
      if (key != null) cancellation.connectionClosed(key);
      connection.close();
    });
    connection.ping(Buffer.buffer(new byte[8]), pong -> {
      if (pong.succeeded()) vertx.cancelTimer(deadline);
    });
  }

  private static boolean isGrpc(String contentType) {
    return contentType != null && contentType.startsWith("application/grpc");
  }

  /** The same key {@link ConnectionClosedCancellation} derives from the call's transport attributes. */
  private static String keyOf(HttpConnection connection) {
    SocketAddress local = connection.localAddress();
    SocketAddress remote = connection.remoteAddress();
    if (local == null || remote == null || !local.isInetSocket() || !remote.isInetSocket()) return null;
    try {
      return ConnectionClosedCancellation.key(InetAddress.getByName(local.hostAddress()).getHostAddress(), local.port(),
          InetAddress.getByName(remote.hostAddress()).getHostAddress(), remote.port());
    } catch (UnknownHostException e) {
      return null; // numeric addresses always resolve; anything else cannot be matched to a call
    }
  }

  private static long positive(Duration d) {
    return Math.max(1, d.toMillis());
  }
}
