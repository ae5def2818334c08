package dev.atrium.xds.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls end with their connection, once, and only the calls of that connection. */
class ConnectionClosedCancellationTest {
  static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5678);
  final ConnectionClosedCancellation cancellation = new ConnectionClosedCancellation();
  final List<String> events = new ArrayList<>();

  @Test
  void closingAConnectionCancelsItsCallsOnceAndNoOtherConnectionsCalls() {
    ServerCall.Listener<String> a1 = open("a1", 40001);
    ServerCall.Listener<String> a2 = open("a2", 40001);
    open("b1", 40002);

    cancellation.connectionClosed(key(40001));
    assertThat(events).containsExactlyInAnyOrder("a1 cancelled", "a2 cancelled");

    a1.onCancel(); // the transport may still report it: the service hears of the end only once
    a2.onComplete();
    cancellation.connectionClosed(key(40001));
    assertThat(events).containsExactlyInAnyOrder("a1 cancelled", "a2 cancelled");
    assertThat(cancellation.openCalls(key(40002))).isOne();
  }

  @Test
  void aCallThatEndedNormallyIsForgotten() {
    ServerCall.Listener<String> call = open("c1", 40003);
    call.onComplete();
    assertThat(cancellation.openCalls(key(40003))).isZero();
    cancellation.connectionClosed(key(40003));
    assertThat(events).containsExactly("c1 completed");
  }

  @Test
  void keysOfTheCallAndOfTheConnectionAgreeOnNumericAddresses() {
    assertThat(ConnectionClosedCancellation.connectionKey(SERVER, new InetSocketAddress("localhost", 40004)))
        .isEqualTo(key(40004));
  }

  private String key(int clientPort) {
    return ConnectionClosedCancellation.key("127.0.0.1", 5678, "127.0.0.1", clientPort);
  }

  private ServerCall.Listener<String> open(String name, int clientPort) {
    Attributes attributes = Attributes.newBuilder()
        .set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, SERVER)
        .set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress("127.0.0.1", clientPort))
        .build();
    return cancellation.interceptCall(new Call(attributes), new Metadata(), (call, headers) -> new ServerCall.Listener<>() {
      @Override
      public void onCancel() {
        events.add(name + " cancelled");
      }

      @Override
      public void onComplete() {
        events.add(name + " completed");
      }
    });
  }

  /** The transport's side of a call: only its attributes matter here. */
  private static final class Call extends ServerCall<String, String> {
    private final Attributes attributes;

    Call(Attributes attributes) {
      this.attributes = attributes;
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(String message) {}

    @Override
    public void close(Status status, Metadata trailers) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<String, String> getMethodDescriptor() {
      return null;
    }
  }
}
