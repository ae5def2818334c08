package dev.atrium.e2e.mtls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** HTTP requests as a client application sends them; a failure is a status or an exception, never hidden. */
public final class Requests {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1).build();

  private Requests() {}

  /** One reply: status (-1 when the request failed) and body (or the failure). */
  public record Reply(int status, String body) {
    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public static Reply get(String url, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
      if (headers.length > 0) b.headers(headers);
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Reply(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(-1, "interrupted");
    }
  }

  /** {@code count} GETs one after another; the replies by status then body, e.g. {@code {200 {...}=20}}. */
  public static Map<String, Integer> tally(String url, int count) {
    Map<String, Integer> tally = new TreeMap<>();
    for (int i = 0; i < count; i++) tally.merge(get(url).toString(), 1, Integer::sum);
    return tally;
  }

  /** What a fixed-rate load loop saw. */
  record LoadResult(long sent, long ok, List<String> failures, double seconds) {
    long failed() {
      return sent - ok;
    }
  }

  /**
   * GET {@code url} at {@code perSecond} requests a second for {@code duration}, each request started
   * on schedule whether or not earlier ones have answered (an open-loop client, as real callers are),
   * so a stall shows up as failures or timeouts rather than as a slower rate.
   */
  static LoadResult load(String url, int perSecond, Duration duration) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    AtomicLong sent = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
    long total = perSecond * duration.toSeconds();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    ticker.scheduleAtFixedRate(() -> {
      if (sent.get() >= total) return;
      long n = sent.incrementAndGet();
      inFlight.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
        if (e == null && r.statusCode() == 200) {
          ok.incrementAndGet();
        } else {
          failures.add("#" + n + " at " + (System.nanoTime() - start) / 1_000_000 + " ms: "
              + (e != null ? e.toString() : r.statusCode() + " " + r.body()));
        }
        return null;
      }));
    }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    while (sent.get() < total) Thread.sleep(100);
    ticker.shutdown();
    for (CompletableFuture<?> f : inFlight) f.join();
    return new LoadResult(sent.get(), ok.get(), List.copyOf(failures), (System.nanoTime() - start) / 1e9);
  }
}
