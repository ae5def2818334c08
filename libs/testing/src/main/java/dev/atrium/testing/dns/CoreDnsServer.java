package dev.atrium.testing.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real cluster DNS: CoreDNS with its {@code kubernetes} plugin reading Services from a test's
 * kube-apiserver, answering {@code cluster.local} on {@code address:53} as kube-dns does in a cluster
 * (an ExternalName Service is a CNAME to its {@code externalName}). Built by {@code .ci/install-tools.sh}
 * into {@code ${ATRIUM_TOOLS_CACHE:-$HOME/.cache/atrium}/coredns/<version>/}, or {@code $ATRIUM_COREDNS}.
 * Port 53 needs root, as the network-namespace tests do anyway.
 */
public final class CoreDnsServer implements AutoCloseable {
  /** The release {@code .ci/install-tools.sh} builds; keep the two in step. */
  public static final String VERSION = "v1.12.4";
  public static final String ENV = "ATRIUM_COREDNS";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  private final String address;

  private CoreDnsServer(Process process, Path log, String address) {
    this.process = process;
    this.log = log;
    this.address = address;
  }

  /** Starts CoreDNS on {@code address}:53 for {@code cluster.local}, reading the cluster through {@code kubeconfig}. */
  public static CoreDnsServer start(String address, Path kubeconfig, Path dir) {
    Path binary = binary();
    try {
      Files.createDirectories(dir);
      Path corefile = Files.writeString(dir.resolve("Corefile"), """
          cluster.local:53 {
            bind %s
            errors
            kubernetes cluster.local {
              kubeconfig %s
            }
          }
          """.formatted(address, kubeconfig));
      Path log = dir.resolve("coredns.log");
      Process p = new ProcessBuilder(binary.toString(), "-conf", corefile.toString()).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      CoreDnsServer server = new CoreDnsServer(p, log, address);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String address() {
    return address;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  // Ready once it answers the apiserver's own Service: the kubernetes plugin has synced with the cluster.
  private void awaitReady() {
    byte[] query = query("kubernetes.default.svc.cluster.local");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(250);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) throw new IllegalStateException("CoreDNS exited " + process.exitValue() + ":\n" + log());
        s.send(new DatagramPacket(query, query.length, new InetSocketAddress(address, 53)));
        DatagramPacket in = new DatagramPacket(new byte[512], 512);
        try {
          s.receive(in);
          if (in.getLength() >= 12 && (in.getData()[3] & 0x0F) == 0 && in.getData()[7] > 0) return; // NOERROR, answers
        } catch (SocketTimeoutException notYet) {
          // starting
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("CoreDNS did not answer within " + READY_TIMEOUT.toSeconds() + " s:\n" + log());
  }

  /** An A query with recursion desired. */
  static byte[] query(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x2a, 0x2a, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(new byte[] {0, 0, 1, 0, 1});
    return out.toByteArray();
  }

  static Path binary() {
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
    String cache = System.getenv("ATRIUM_TOOLS_CACHE");
    Path root = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "atrium");
    Path binary = root.resolve("coredns").resolve(VERSION).resolve("coredns");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("CoreDNS not found at " + binary + ": run .ci/install-tools.sh (it builds CoreDNS "
          + VERSION + " from the Go module proxy), or set $" + ENV);
    }
    return binary;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
