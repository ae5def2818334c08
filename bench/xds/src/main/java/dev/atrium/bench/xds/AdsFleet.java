package dev.atrium.bench.xds;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * N simulated proxies, one ADS stream each, spread over gRPC channels ({@code streamsPerChannel}
 * streams share one HTTP/2 connection; 1 = one connection per proxy, as Envoy has). Responses are
 * handled on a small shared pool, not on Netty's event loops.
 */
final class AdsFleet implements AutoCloseable {
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<AdsClient> clients = new ArrayList<>();
  private final AtomicReference<EndpointWatch> watch = new AtomicReference<>();
  private final AtomicReference<BroadcastWatch> broadcast = new AtomicReference<>();
  private final ExecutorService callbacks = Executors.newFixedThreadPool(2, daemon("ads-client"));
  private long openedAt;
  private List<String> secrets = List.of();

  /** Every proxy also subscribes SDS to these names ({@code --mtls}) and has converged only once it has them. */
  AdsFleet subscribeSecrets(List<String> names) {
    this.secrets = List.copyOf(names);
    return this;
  }

  /**
   * Opens every stream at once, as a fleet does when its control plane (re)starts: over TLS, verifying
   * the server with {@code caFile}, each stream presenting {@code token} (a dataplane token for the mesh)
   * as its {@code authorization} metadata, as Envoy does.
   */
  AdsFleet open(int port, Path caFile, int proxies, int streamsPerChannel, String token) {
    return open(port, caFile, proxies, streamsPerChannel, i -> token);
  }

  /** As {@link #open(int, Path, int, int, String)}, proxy i presenting {@code tokenOf(i)} (its own token, as a real fleet has). */
  AdsFleet open(int port, Path caFile, int proxies, int streamsPerChannel, IntFunction<String> tokenOf) {
    io.netty.handler.ssl.SslContext tls;
    try {
      tls = io.grpc.netty.GrpcSslContexts.forClient().trustManager(caFile.toFile()).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("cannot set up TLS with " + caFile + ": " + e.getMessage(), e);
    }
    openedAt = System.nanoTime();
    AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub = null;
    for (int i = 0; i < proxies; i++) {
      if (i % streamsPerChannel == 0) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
            .sslContext(tls)
            .executor(callbacks)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .build();
        channels.add(channel);
        stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
      }
      Metadata credentials = new Metadata();
      credentials.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), tokenOf.apply(i));
      AdsClient client = new AdsClient(i, Topology.proxyName(i), watch, broadcast, secrets);
      clients.add(client);
      client.start(stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials)));
    }
    return this;
  }

  /**
   * Waits until every proxy has converged or its stream has failed (as Envoy, a real proxy would
   * reconnect; this one is counted instead); returns how many failed.
   */
  int awaitConvergedOrFailed(long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (true) {
      int pending = 0;
      int failed = 0;
      for (AdsClient c : clients) {
        if (c.failure() != null) failed++;
        else if (c.convergedAt() == 0) pending++;
      }
      if (pending == 0) return failed;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(pending + " of " + clients.size() + " proxies not converged after " + timeoutMillis + " ms");
      }
      sleep(20);
    }
  }

  /** The first failure of a stream, described, or null. */
  String firstFailure() {
    for (AdsClient c : clients) if (c.failure() != null) return c.name() + ": " + c.failure();
    return null;
  }

  /** Per proxy that converged, from opening its stream to its first full configuration ACKed (after {@link #awaitConverged}). */
  long[] connectNanos() {
    return clients.stream().filter(c -> c.convergedAt() != 0).mapToLong(c -> c.convergedAt() - c.startedAt()).toArray();
  }

  int channelCount() {
    return channels.size();
  }

  /**
   * Waits until every proxy has ACKed CDS, LDS, and EDS and RDS covering what it subscribed;
   * returns nanoseconds from opening the first stream to the last proxy converging.
   */
  long awaitConverged(long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (true) {
      failIfBroken();
      long last = 0;
      int pending = 0;
      for (AdsClient c : clients) {
        long at = c.convergedAt();
        if (at == 0) pending++;
        else last = Math.max(last, at);
      }
      if (pending == 0) return last - openedAt;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(pending + " of " + clients.size() + " proxies not converged after "
            + timeoutMillis + " ms");
      }
      sleep(20);
    }
  }

  /** Makes {@code w} the change every proxy reports to (null: none). */
  void watch(EndpointWatch w) {
    watch.set(w);
  }

  /** Makes {@code w} the broadcast every proxy reports its CDS and RDS timeouts to (null: none). */
  void broadcast(BroadcastWatch w) {
    broadcast.set(w);
  }

  /** Responses received so far, per proxy and per type ({@link AdsClient#TYPES} order). */
  int[][] responseCounts() {
    int[][] counts = new int[clients.size()][];
    for (int i = 0; i < clients.size(); i++) counts[i] = clients.get(i).responseCounts();
    return counts;
  }

  /** Throws when any stream has failed: a benchmark with a broken proxy has no figures. */
  void failIfBroken() {
    AtomicInteger broken = new AtomicInteger();
    Throwable first = null;
    String who = null;
    for (AdsClient c : clients) {
      Throwable t = c.failure();
      if (t == null) continue;
      broken.incrementAndGet();
      if (first == null) {
        first = t;
        who = c.name();
      }
    }
    if (first != null) {
      throw new IllegalStateException(broken + " ADS stream(s) failed; first: " + who + ": " + first, first);
    }
  }

  @Override
  public void close() {
    clients.forEach(AdsClient::close);
    channels.forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel ch : channels) {
      try {
        ch.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    callbacks.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
