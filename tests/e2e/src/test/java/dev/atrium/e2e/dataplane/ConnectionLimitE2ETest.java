package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.http.EchoServer;
import dev.atrium.testing.process.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code resources.connectionLimit} on a real Envoy gateway: with a limit of 2, two keep-alive clients
 * are served, a third connection is closed without an answer, and once a client leaves a new one is
 * served again.
 */
class ConnectionLimitE2ETest extends WithControlPlane {

  @Test
  void connectionsOverTheLimitAreClosedAndServedAgainOnceOneLeaves() throws Exception {
    EchoServer app = track(EchoServer.start("web"));
    registerApp("web-1", "web", app.port());
    int port = Ports.free();
    put("meshgateways", "edge", """
        type: MeshGateway
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
              resources:
                connectionLimit: 2
        """.formatted(port));
    put("meshgatewayroutes", "web", """
        type: MeshGatewayRoute
        mesh: default
        name: web
        selectors:
          - match: {kuma.io/service: edge}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """);
    agent(builtinGateway("edge-1", "edge"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(15), () -> {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return statusOf(probe).equals("200");
      } catch (IOException e) {
        return false;
      }
    })).as("the gateway serves").isTrue();

    // Envoy counts a closed connection down only once it has seen the close: earlier probes may still
    // count for a moment, so each of the two clients retries until it is served.
    try (Socket first = servedConnection(port); Socket second = servedConnection(port)) {
      try (Socket third = new Socket("127.0.0.1", port)) {
        assertThat(statusOf(third)).as("the third connection is closed without an answer").isEqualTo("closed");
      }
      first.close();
      assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> {
        try (Socket again = new Socket("127.0.0.1", port)) {
          return statusOf(again).equals("200");
        } catch (IOException e) {
          return false;
        }
      })).as("a connection is served again once one left").isTrue();
      assertThat(statusOf(second)).as("the second client's connection was kept").isEqualTo("200");
    }
  }

  /** A keep-alive connection the gateway has answered 200 on, retried for up to 5 s. */
  private static Socket servedConnection(int port) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      Socket socket = new Socket("127.0.0.1", port);
      String status = statusOf(socket);
      if (status.equals("200")) return socket;
      socket.close();
      if (System.nanoTime() > deadline) throw new AssertionError("no connection was served in 5 s, last: " + status);
      Thread.sleep(50);
    }
  }

  /** Sends one keep-alive GET and returns the status code, or "closed" when the gateway closed the connection. */
  private static String statusOf(Socket socket) throws IOException {
    socket.setSoTimeout(3000);
    try {
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        head.append((char) c);
        if (head.toString().endsWith("\r\n\r\n")) break;
      }
      if (head.length() == 0) return "closed";
      String headers = head.toString().toLowerCase();
      int at = headers.indexOf("content-length:");
      if (at >= 0) {
        int length = Integer.parseInt(headers.substring(at + 15, headers.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
      }
      return head.substring(9, 12);
    } catch (SocketTimeoutException e) {
      return "timeout";
    } catch (IOException e) {
      return "closed";
    }
  }
}
