package dev.atrium.dp.readiness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.dp.AgentException;
import dev.atrium.dp.AgentLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /ready} on the readiness port, answered by {@link EnvoyReadiness}: what the kubelet's
 * readiness probe asks, on the Pod's IP, instead of Envoy's admin (which listens on 127.0.0.1 only,
 * because it can reconfigure and stop Envoy). Kuma's kuma-dp serves the same on 9902. Any other path
 * is 404. The JDK's own HTTP server: two probes a few seconds apart need nothing more.
 */
public final class ReadinessServer implements AutoCloseable {
  public static final String PATH = "/ready";

  private final HttpServer server;
  private final ExecutorService handlers;

  private ReadinessServer(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  public static ReadinessServer start(String address, int port, EnvoyReadiness readiness) {
    InetSocketAddress bind = new InetSocketAddress(address, port);
    if (bind.isUnresolved()) {
      throw new AgentException("Error: cannot serve readiness on " + address + ":" + port + ": unknown address");
    }
    HttpServer server;
    try {
      server = HttpServer.create(bind, 0);
    } catch (IOException e) {
      throw new AgentException("Error: cannot serve readiness on " + address + ":" + port + ": " + e.getMessage());
    }
    // Asking Envoy may take up to its timeout; a second thread keeps a slow answer from queueing the next probe.
    ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "atrium-dp-readiness");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(handlers);
    // "/" and an exact match below: a context matches by prefix, and /readyz is not /ready.
    server.createContext("/", exchange -> handle(exchange, readiness));
    server.start();
    AgentLog.info("readiness on http://" + address + ":" + server.getAddress().getPort() + PATH);
    return new ReadinessServer(server, handlers);
  }

  /** The bound port (the one asked for; the OS's choice only in tests). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  private static void handle(HttpExchange exchange, EnvoyReadiness readiness) throws IOException {
    try {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        respond(exchange, 404, "not found: this port serves only GET " + PATH);
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "method not allowed: GET " + PATH);
        return;
      }
      EnvoyReadiness.Answer answer = readiness.ask();
      respond(exchange, answer.status(), answer.body());
    } finally {
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
