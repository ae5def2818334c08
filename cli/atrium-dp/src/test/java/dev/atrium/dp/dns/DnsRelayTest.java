package dev.atrium.dp.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay between two UDP peers on 127.0.0.1 that play its two servers' parts — the data plane's DNS
 * (Envoy's filter: answers its names, NXDOMAIN for the rest) and the host's resolver — so each
 * test can say which of them a reply came from, byte for byte.
 */
class DnsRelayTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final List<AutoCloseable> open = new java.util.ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) c.close();
  }

  @Test
  void aNameTheDataPlaneAnswersComesFromIt() throws Exception {
    Peer envoy = peer(q -> reply(q, 0, "envoy"));
    Peer upstream = peer(q -> reply(q, 0, "upstream"));
    DnsRelay relay = relay(envoy, List.of(upstream));

    byte[] answer = ask(relay, query(0x1234, "echo.default.svc.80.mesh"));

    assertThat(text(answer)).endsWith("envoy");
    assertThat(DnsMessages.rcode(answer, answer.length)).isZero();
    assertThat(upstream.queries.get()).as("the host's resolver is not asked").isZero();
  }

  @Test
  void nxdomainFromTheDataPlaneGoesToTheHostsResolverUnchanged() throws Exception {
    Peer envoy = peer(q -> reply(q, 3, ""));
    byte[][] seenUpstream = new byte[1][];
    Peer upstream = peer(q -> {
      seenUpstream[0] = q;
      return reply(q, 0, "CNAME echo.default.svc.80.mesh");
    });
    DnsRelay relay = relay(envoy, List.of(upstream));
    byte[] query = query(0x0BAD, "echo-multizone.default.svc.cluster.local");

    byte[] answer = ask(relay, query);

    assertThat(text(answer)).endsWith("CNAME echo.default.svc.80.mesh");
    assertThat(seenUpstream[0]).as("forwarded as the application sent it").isEqualTo(query);
  }

  @Test
  void aSilentServerIsPassedOverAndNoAnswerAtAllIsServfail() throws Exception {
    Peer silentEnvoy = peer(q -> null);
    Peer silentUpstream = peer(q -> null);
    Peer secondUpstream = peer(q -> reply(q, 0, "second"));
    assertThat(text(ask(relay(silentEnvoy, List.of(silentUpstream, secondUpstream)), query(7, "example.com"))))
        .endsWith("second");

    byte[] servfail = ask(relay(silentEnvoy, List.of(silentUpstream)), query(8, "example.com"));
    assertThat(DnsMessages.rcode(servfail, servfail.length)).isEqualTo(DnsMessages.SERVFAIL);
    assertThat(servfail[0]).isEqualTo((byte) 0);
    assertThat(servfail[1]).as("the query's id").isEqualTo((byte) 8);
  }

  @Test
  void noDnsListenerInEnvoyCostsNoTimeout() throws Exception {
    DatagramSocket closed = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    InetSocketAddress nobody = new InetSocketAddress(LOOPBACK, closed.getLocalPort());
    closed.close();
    Peer upstream = peer(q -> reply(q, 0, "upstream"));
    DnsRelay relay = DnsRelay.start(new InetSocketAddress(LOOPBACK, 0), nobody, List.of(upstream.address()),
        Duration.ofSeconds(3));
    open.add(relay);

    long start = System.nanoTime();
    byte[] answer = ask(relay, query(9, "example.com"));

    assertThat(text(answer)).endsWith("upstream");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("port unreachable, not the 3 s timeout")
        .isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aPortInUseFailsAtStart() throws Exception {
    DatagramSocket taken = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    open.add(taken::close);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsRelay.start(
            new InetSocketAddress(LOOPBACK, taken.getLocalPort()), new InetSocketAddress(LOOPBACK, 1), List.of(),
            Duration.ofMillis(100)))
        .isInstanceOf(java.net.SocketException.class);
  }

  // --- a DNS message as far as the relay looks at it: header, one question, then the peer's text.

  static byte[] query(int id, String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(new byte[] {0, 0, 1, 0, 1});
    return out.toByteArray();
  }

  static byte[] reply(byte[] query, int rcode, String text) {
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    byte[] r = Arrays.copyOf(query, query.length + body.length);
    System.arraycopy(body, 0, r, query.length, body.length);
    r[2] = (byte) (r[2] | 0x80);
    r[3] = (byte) (0x80 | rcode);
    return r;
  }

  static String text(byte[] message) {
    return new String(message, StandardCharsets.US_ASCII);
  }

  interface Answer {
    byte[] to(byte[] query);
  }

  record Peer(DatagramSocket socket, AtomicInteger queries) implements AutoCloseable {
    InetSocketAddress address() {
      return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  Peer peer(Answer answer) throws Exception {
    Peer peer = new Peer(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)), new AtomicInteger());
    open.add(peer);
    Thread t = new Thread(() -> {
      while (!peer.socket().isClosed()) {
        try {
          DatagramPacket in = new DatagramPacket(new byte[512], 512);
          peer.socket().receive(in);
          peer.queries().incrementAndGet();
          byte[] r = answer.to(Arrays.copyOf(in.getData(), in.getLength()));
          if (r != null) peer.socket().send(new DatagramPacket(r, r.length, in.getSocketAddress()));
        } catch (Exception closed) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return peer;
  }

  DnsRelay relay(Peer envoy, List<Peer> upstreams) throws Exception {
    DnsRelay relay = DnsRelay.start(new InetSocketAddress(LOOPBACK, 0), envoy.address(),
        upstreams.stream().map(Peer::address).toList(), Duration.ofMillis(300));
    open.add(relay);
    return relay;
  }

  static byte[] ask(DnsRelay relay, byte[] query) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(5000);
      s.send(new DatagramPacket(query, query.length, new InetSocketAddress(LOOPBACK, relay.port())));
      DatagramPacket in = new DatagramPacket(new byte[512], 512);
      s.receive(in);
      return Arrays.copyOf(in.getData(), in.getLength());
    }
  }
}
