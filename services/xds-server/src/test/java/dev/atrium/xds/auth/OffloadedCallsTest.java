package dev.atrium.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call whose first message blocks (a TokenReview waiting on the API server) holds neither the thread
 * that delivered it (the event loop) nor other calls; each call's events still arrive in order.
 */
class OffloadedCallsTest {

  @Test
  void blockedCallHoldsNeitherTheDeliveringThreadNorOtherCalls() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch secondCallServed = new CountDownLatch(1);
    try (OffloadedCalls offload = new OffloadedCalls(2)) {
      ServerCall.Listener<String> slow = offload.interceptCall(new NoCall(), new Metadata(), recording("slow", events, release, null));
      ServerCall.Listener<String> fast = offload.interceptCall(new NoCall(), new Metadata(), recording("fast", events, null, secondCallServed));

      long started = System.nanoTime();
      slow.onMessage("first");
      slow.onMessage("second");
      slow.onCancel();
      fast.onMessage("hello");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("the delivering thread never waits").isLessThan(500);

      assertThat(secondCallServed.await(5, TimeUnit.SECONDS)).as("another call is served meanwhile").isTrue();
      assertThat(events).containsExactly("fast:hello");
      release.countDown();
      awaitSize(events, 4);
      assertThat(events).containsExactly("fast:hello", "slow:first", "slow:second", "slow:cancel");
    }
  }

  private static void awaitSize(List<String> events, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (events.size() < size && System.nanoTime() < deadline) Thread.sleep(10);
  }

  /** A service whose first message waits for {@code release}; every event is recorded as "name:event". */
  private static ServerCallHandler<String, String> recording(String name, List<String> events, CountDownLatch release,
      CountDownLatch served) {
    return (call, headers) -> new ServerCall.Listener<>() {
      @Override
      public void onMessage(String message) {
        if (release != null && message.equals("first")) {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        events.add(name + ":" + message);
        if (served != null) served.countDown();
      }

      @Override
      public void onCancel() {
        events.add(name + ":cancel");
      }
    };
  }

  /** The transport side of a call, which these listeners never use. */
  private static final class NoCall extends ServerCall<String, String> {
    private static final MethodDescriptor.Marshaller<String> STRINGS = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(String value) {
        return new ByteArrayInputStream(value.getBytes());
      }

      @Override
      public String parse(InputStream stream) {
        return "";
      }
    };

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
    public Attributes getAttributes() {
      return Attributes.EMPTY;
    }

    @Override
    public MethodDescriptor<String, String> getMethodDescriptor() {
      return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName("test/Ads").setRequestMarshaller(STRINGS).setResponseMarshaller(STRINGS).build();
    }
  }
}
