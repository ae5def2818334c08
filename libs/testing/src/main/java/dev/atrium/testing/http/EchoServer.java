package dev.atrium.testing.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a user's application behind the mesh: an HTTP/1.1 server on 127.0.0.1 (or another
 * local address) that answers
 * every request with 200 and a JSON body naming itself, so a test can tell which backend a request
 * reached through Envoy/nginx:
 * {@code {"server":"echo-1","method":"GET","path":"/foo","query":"a=1","host":"example.com"}}.
 * It counts and records what it received (headers lower-cased), for checks on header rewrites.
 */
public final class EchoServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger count = new AtomicInteger();
  private final List<ReceivedRequest> received = new ArrayList<>();

  /** One request as the echo server saw it; header names are lower-cased, repeated values joined with ",". */
  public record ReceivedRequest(String method, String path, String query, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private EchoServer(String name, InetAddress address, int port) {
    this.name = name;
    try {
      this.server = HttpServer.create(new InetSocketAddress(address, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("echo server " + name + " cannot listen on " + address.getHostAddress() + ":" + port, e);
    }
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "echo-" + name);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::answer);
    server.start();
  }

  /** Listens on a free loopback port. */
  public static EchoServer start(String name) {
    return new EchoServer(name, InetAddress.getLoopbackAddress(), 0);
  }

  /** Listens on {@code port} (e.g. the inbound port a Dataplane declares). */
  public static EchoServer start(String name, int port) {
    return new EchoServer(name, InetAddress.getLoopbackAddress(), port);
  }

  /** Listens on a free port of the local address {@code address} (e.g. a veth's host side, for a pod to reach). */
  public static EchoServer startOn(String name, String address) {
    try {
      return new EchoServer(name, InetAddress.getByName(address), 0);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + address, e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}, or the address it listens on */
  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  public int requestCount() {
    return count.get();
  }

  /** What arrived so far, oldest first. */
  public List<ReceivedRequest> requests() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Forgets the requests seen so far (between steps of one test). */
  public void reset() {
    synchronized (received) {
      received.clear();
      count.set(0);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      in.readAllBytes(); // drain, so keep-alive connections stay usable
      ReceivedRequest request = record(exchange);
      ObjectNode body = JSON.createObjectNode()
          .put("server", name)
          .put("method", request.method())
          .put("path", request.path());
      if (request.query() != null) body.put("query", request.query());
      body.put("host", request.header("host"));
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("content-type", "application/json");
      exchange.getResponseHeaders().set("x-echo-server", name);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private ReceivedRequest record(HttpExchange exchange) {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    ReceivedRequest request = new ReceivedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers));
    synchronized (received) {
      received.add(request);
      count.incrementAndGet();
    }
    return request;
  }

  @Override
  public String toString() {
    return "EchoServer[" + name + " on " + url() + "]";
  }
}
