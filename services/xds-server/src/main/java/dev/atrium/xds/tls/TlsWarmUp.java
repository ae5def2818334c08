package dev.atrium.xds.tls;

import dev.atrium.security.tls.IssuedCertificate;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * Makes the first TLS handshake of a cold JVM while Quarkus starts, on another thread and in memory: a
 * client and a server {@link SSLEngine} with the serving certificate hand each other their records until
 * both are done, a few times. Without it the first client (a readiness probe, the first Envoy) paid
 * ~500 ms for the JVM to load and interpret the TLS stack — a quarter of the xds-server's start-up on a
 * 2-core box (docs/adr/0022). The client trusts exactly the served certificate, and no data is sent.
 * It spends CPU start-up leaves idle; a failure costs nothing but the warm-up.
 */
final class TlsWarmUp {
  private static final Logger LOG = Logger.getLogger(TlsWarmUp.class);
  private static final int HANDSHAKES = 4;

  private TlsWarmUp() {}

  static void startFor(ServingCertificate cert) {
    Thread t = new Thread(() -> run(cert), "atrium-tls-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void run(ServingCertificate cert) {
    try {
      IssuedCertificate served = cert.read();
      char[] password = new char[0];
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      List<X509Certificate> chain = new ArrayList<>(List.of(served.certificate()));
      chain.addAll(served.chain());
      keys.setKeyEntry("serving", served.key(), password, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("serving", served.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      for (int i = 0; i < HANDSHAKES; i++) handshake(client.createSSLEngine(), server.createSSLEngine());
    } catch (Exception | LinkageError e) {
      LOG.debugf("TLS warm-up skipped: %s", e);
    }
  }

  private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
    client.setUseClientMode(true);
    server.setUseClientMode(false);
    int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
    ByteBuffer toServer = ByteBuffer.allocate(size);
    ByteBuffer toClient = ByteBuffer.allocate(size);
    ByteBuffer empty = ByteBuffer.allocate(0);
    ByteBuffer sink = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() + 64);
    client.beginHandshake();
    server.beginHandshake();
    for (int step = 0; step < 64 && !(done(client) && done(server)); step++) {
      client.wrap(empty, toServer);
      runTasks(client);
      toServer.flip();
      server.unwrap(toServer, sink.clear());
      toServer.compact();
      runTasks(server);
      server.wrap(empty, toClient);
      runTasks(server);
      toClient.flip();
      client.unwrap(toClient, sink.clear());
      toClient.compact();
      runTasks(client);
    }
  }

  private static boolean done(SSLEngine e) {
    HandshakeStatus s = e.getHandshakeStatus();
    return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
  }

  private static void runTasks(SSLEngine e) {
    Runnable task;
    while ((task = e.getDelegatedTask()) != null) task.run();
  }
}
