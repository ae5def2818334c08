package dev.atrium.dp.dns;

import dev.atrium.dp.AgentLog;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * atrium-dp's DNS relay, where kuma-init's DNS redirect sends a pod's queries (kuma-dp runs CoreDNS
 * there, on the same port 15053): every query goes first to the data plane's DNS (Envoy's DNS filter on
 * 127.0.0.1:15054, which answers the mesh's {@code .mesh} names), and whatever Envoy does not answer
 * (NXDOMAIN and the other failure codes, or silence) goes, unchanged, to the resolvers the application
 * would have asked without the redirect. Forwarding the bytes rather than resolving them is what keeps a
 * cluster DNS's CNAME intact: the seeds' ExternalName Service {@code echo-multizone} answers
 * {@code CNAME echo.default.svc.80.mesh}, and the application's resolver asks again for that name, which
 * Envoy answers with the service's VIP.
 *
 * <p>UDP only, as kuma-init redirects only UDP; each query waits at most {@code timeout} per server it
 * asks. The relay's own queries leave as the proxy's uid, which the redirect rules spare.
 */
public final class DnsRelay implements AutoCloseable {
  private static final int MAX_MESSAGE = 65_535;
  private static final int WORKERS = 4;
  private static final int QUEUED = 256;

  private final DatagramSocket socket;
  private final InetSocketAddress envoy;
  private final List<InetSocketAddress> upstreams;
  private final int timeoutMillis;
  private final ThreadPoolExecutor workers;
  private final Thread receiver;

  private DnsRelay(DatagramSocket socket, InetSocketAddress envoy, List<InetSocketAddress> upstreams, Duration timeout) {
    this.socket = socket;
    this.envoy = envoy;
    this.upstreams = List.copyOf(upstreams);
    this.timeoutMillis = (int) timeout.toMillis();
    // A full queue drops the query: the application's resolver retries, as it would after a lost packet.
    this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED),
        r -> daemon(r, "atrium-dp-dns"), new ThreadPoolExecutor.AbortPolicy());
    this.receiver = daemon(this::receive, "atrium-dp-dns-listener");
  }

  /** Binds {@code listen} (a port held by someone else fails here, before Envoy starts) and starts relaying. */
  public static DnsRelay start(InetSocketAddress listen, InetSocketAddress envoy, List<InetSocketAddress> upstreams,
      Duration timeout) throws SocketException {
    DnsRelay relay = new DnsRelay(new DatagramSocket(listen), envoy, upstreams, timeout);
    relay.receiver.start();
    return relay;
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void receive() {
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(new byte[MAX_MESSAGE], MAX_MESSAGE);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!socket.isClosed()) AgentLog.warn("DNS relay: " + e.getMessage());
        continue;
      }
      byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      try {
        workers.execute(() -> relay(query, client));
      } catch (RejectedExecutionException busy) {
        // dropped; see the constructor
      }
    }
  }

  private void relay(byte[] query, InetSocketAddress client) {
    byte[] reply = ask(envoy, query);
    if (reply == null || DnsMessages.askUpstream(DnsMessages.rcode(reply, reply.length))) {
      for (InetSocketAddress upstream : upstreams) {
        byte[] answer = ask(upstream, query);
        if (answer != null) {
          reply = answer;
          break;
        }
      }
    }
    if (reply == null) reply = DnsMessages.servfail(query, query.length);
    try {
      socket.send(new DatagramPacket(reply, reply.length, client));
    } catch (IOException e) {
      if (!socket.isClosed()) AgentLog.warn("DNS relay: cannot answer " + client + ": " + e.getMessage());
    }
  }

  /**
   * The server's reply to {@code query}, or null when it says nothing matching within the timeout. The
   * socket is connected: a port nobody listens on (Envoy without its DNS listener yet, or none because
   * the mesh has no VIPs) comes back at once as ICMP port unreachable rather than as a wait for the
   * timeout, and only that server's packets are read.
   */
  private byte[] ask(InetSocketAddress server, byte[] query) {
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(server);
      s.setSoTimeout(timeoutMillis);
      s.send(new DatagramPacket(query, query.length));
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      DatagramPacket in = new DatagramPacket(new byte[MAX_MESSAGE], MAX_MESSAGE);
      while (System.nanoTime() < deadline) {
        s.receive(in);
        if (DnsMessages.answers(query, query.length, in.getData(), in.getLength())) {
          return Arrays.copyOf(in.getData(), in.getLength());
        }
      }
    } catch (SocketTimeoutException | PortUnreachableException silent) {
      return null;
    } catch (IOException e) {
      AgentLog.warn("DNS relay: " + server + ": " + e.getMessage());
    }
    return null;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    socket.close();
    workers.shutdownNow();
  }
}
