package dev.atrium.bench.xds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Registers Dataplanes through the store's Kuma-compatible REST API, as {@code kumactl apply} does. */
final class DataplaneWriter {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int CLIENTS = 8;
  private static final long BULK_DEADLINE_MINUTES = 3;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String apiUrl;

  DataplaneWriter(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  /** PUT one Dataplane; blocks until the store has answered, fails unless it answered 200 or 201. */
  void put(String name, String json) {
    putAt("/meshes/default/dataplanes/" + name, json);
  }

  /** PUT any resource at {@code path} under the API (a policy, say); same rules as {@link #put}. */
  void putAt(String path, String json) {
    String name = path;
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("PUT " + name + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during PUT " + name, e);
    }
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IllegalStateException("PUT " + name + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** PUTs {@code count} Dataplanes with a few clients in parallel (setup, not measured). */
  void putAll(int count, IntFunction<String> name, IntFunction<String> json) {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) put(name.apply(i), json.apply(i));
        }));
      }
      for (Future<?> w : workers) w.get(BULK_DEADLINE_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(count + " Dataplanes not registered within " + BULK_DEADLINE_MINUTES + " minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
