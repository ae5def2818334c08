package dev.atrium.webhook.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** client-go's workqueue guarantees, which the controllers' correctness rests on. */
class WorkQueueTest {
  @Test
  void aKeyIsQueuedOnceHoweverManyEventsNameIt() throws Exception {
    try (WorkQueue<String> q = new WorkQueue<>("t", Duration.ofMillis(10), Duration.ofSeconds(1))) {
      q.add("a");
      q.add("b");
      q.add("a");
      assertThat(q.size()).isEqualTo(2);
      assertThat(q.take()).isEqualTo("a");
      assertThat(q.take()).isEqualTo("b");
    }
  }

  @Test
  void aKeyAddedWhileBeingReconciledComesBackAfterwardsNeverTwiceAtOnce() throws Exception {
    try (WorkQueue<String> q = new WorkQueue<>("t", Duration.ofMillis(10), Duration.ofSeconds(1))) {
      q.add("a");
      assertThat(q.take()).isEqualTo("a");
      q.add("a");
      assertThat(q.size()).as("not handed out while in progress").isZero();
      q.done("a");
      assertThat(q.size()).isEqualTo(1);
      assertThat(q.take()).isEqualTo("a");
      q.done("a");
      assertThat(q.size()).isZero();
    }
  }

  @Test
  void failuresBackOffDoublingAndResetOnSuccess() throws Exception {
    try (WorkQueue<String> q = new WorkQueue<>("t", Duration.ofMillis(20), Duration.ofMillis(50))) {
      assertThat(q.retryLater("a")).isEqualTo(Duration.ofMillis(20));
      assertThat(q.retryLater("a")).isEqualTo(Duration.ofMillis(40));
      assertThat(q.retryLater("a")).isEqualTo(Duration.ofMillis(50));
      q.forget("a");
      assertThat(q.retryLater("a")).isEqualTo(Duration.ofMillis(20));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (q.size() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
      assertThat(q.take()).isEqualTo("a");
    }
  }

  @Test
  void failedKeysAreRetriedAtOnceWhenAskedAndKeepTheirBackOff() throws Exception {
    try (WorkQueue<String> q = new WorkQueue<>("t", Duration.ofSeconds(10), Duration.ofSeconds(60))) {
      assertThat(q.retryLater("a")).isEqualTo(Duration.ofSeconds(10));
      q.add("b");
      assertThat(q.take()).isEqualTo("b");
      q.forget("b");
      q.done("b");
      q.retryFailedNow(); // e.g. the store answers again
      assertThat(q.size()).as("only the failed key, without waiting its 10 s").isEqualTo(1);
      assertThat(q.take()).isEqualTo("a");
      q.done("a");
      assertThat(q.retryLater("a")).as("its back-off kept").isEqualTo(Duration.ofSeconds(20));
    }
  }

  @Test
  void theLoopRetriesAFailingKeyUntilItSucceeds() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    try (ControllerLoop<String> loop = new ControllerLoop<>("t", key -> {
      if (calls.incrementAndGet() < 3) throw new IllegalStateException("store unavailable");
      done.countDown();
    }, Duration.ofMillis(5), Duration.ofMillis(20))) {
      loop.enqueue("a");
      assertThat(done.await(200, TimeUnit.MILLISECONDS)).as("not running before start()").isFalse();
      loop.start();
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(calls.get()).isEqualTo(3);
    }
  }
}
