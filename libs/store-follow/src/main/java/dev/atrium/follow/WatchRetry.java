package dev.atrium.follow;

import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reopens a broken Store Watch as soon as the store answers again. A plain doubling backoff hides a
 * returned store: after a 10 s outage the next attempt could be seconds away, and grpc-java's own
 * reconnect backoff (1 s growing to 120 s) can hide it further, since a call on a channel in
 * TRANSIENT_FAILURE fails without dialling. So each pause after a failure
 * <ul>
 *   <li>lasts {@code firstDelay} doubling per consecutive failure, up to {@code maxDelay} (keep it
 *       ≤ 1 s: an attempt against an absent store is one refused connection), and starts again from
 *       {@code firstDelay} once a stream delivers anything;
 *   <li>when the channel is a {@link ManagedChannel}: dials now ({@code resetConnectBackoff}, and
 *       {@code getState(true)} for an idle channel) and ends the moment the channel reports READY —
 *       a state-change event, not a poll — so the Watch reopens within milliseconds of the store
 *       accepting the connection, and within {@code maxDelay} of it starting to listen.
 * </ul>
 * A channel that is READY when the pause begins does not end it early: the store answered and
 * failed the Watch (e.g. it is still loading), and asking again at once would only spin.
 */
public final class WatchRetry {
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final ManagedChannel channel;

  /**
   * @param channel the channel the Watch runs on; when it is not a {@link ManagedChannel} (a test's
   *     in-process store, Quarkus's Vert.x client) pauses are plain delays
   */
  public WatchRetry(Duration firstDelay, Duration maxDelay, Channel channel) {
    if (maxDelay.compareTo(firstDelay) < 0) throw new IllegalArgumentException("maxDelay " + maxDelay + " < firstDelay " + firstDelay);
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
    this.channel = channel instanceof ManagedChannel m ? m : null;
  }

  /**
   * {@code open}'s stream, opened again after every failure or end (the store never ends a Watch on
   * purpose), for as long as it is subscribed. {@code onBreak} hears of each break before the pause.
   */
  public <T> Multi<T> reopening(Supplier<Multi<T>> open, Consumer<Throwable> onBreak) {
    AtomicInteger failures = new AtomicInteger();
    return Multi.createFrom().<T>deferred(open::get)
        .onItem().invoke(item -> failures.set(0))
        .onCompletion().failWith(() -> new IllegalStateException("the store ended the watch"))
        .onFailure().invoke(onBreak)
        .onFailure().retry().when(breaks -> breaks.onItem()
            // An item (never null: Mutiny drops null items) is what makes retry resubscribe.
            .transformToUniAndConcatenate(ignored -> pause(delay(failures.getAndIncrement())).replaceWith(Boolean.TRUE)));
  }

  /** The n-th consecutive pause (from 0): {@code firstDelay · 2ⁿ}, at most {@code maxDelay}. */
  Duration delay(int n) {
    long millis = firstDelay.toMillis() << Math.min(n, 20);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }

  private Uni<Void> pause(Duration delay) {
    if (channel == null || channel.getState(false) == ConnectivityState.READY) {
      return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
    }
    return Uni.createFrom().emitter(done -> {
      AtomicBoolean over = new AtomicBoolean();
      Runnable end = () -> {
        // Reopened on a worker, never on the channel's own thread that told of the state change.
        if (over.compareAndSet(false, true)) Infrastructure.getDefaultWorkerPool().execute(() -> done.complete(null));
      };
      ScheduledFuture<?> timer = Infrastructure.getDefaultWorkerPool().schedule(end, delay.toMillis(), TimeUnit.MILLISECONDS);
      done.onTermination(() -> {
        over.set(true);
        timer.cancel(false);
      });
      channel.resetConnectBackoff();
      endWhenReady(over, end);
    });
  }

  private void endWhenReady(AtomicBoolean over, Runnable end) {
    if (over.get()) return;
    ConnectivityState state = channel.getState(true);
    if (state == ConnectivityState.READY) end.run();
    else if (state != ConnectivityState.SHUTDOWN) channel.notifyWhenStateChanged(state, () -> endWhenReady(over, end));
  }
}
