package dev.atrium.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.ctl.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST calls atriumctl makes, with the headers kumactl sends (Accept and, on PUT, Content-Type
 * application/json). Every non-2xx answer becomes an {@link ApiException}; no answer at all becomes
 * an {@link ApiUnreachableException}.
 */
public final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final String userAgent;
  private final HttpClient http;
  private final String token;

  public ApiClient(String apiUrl, String userAgent) {
    this(apiUrl, userAgent, null);
  }

  /** @param token a user token sent as {@code Authorization: Bearer}, as kumactl's "tokens" auth; null for none */
  public ApiClient(String apiUrl, String userAgent, String token) {
    this.baseUrl = normalise(apiUrl);
    this.userAgent = userAgent;
    this.token = token;
    // HTTP/1.1 on purpose: the default (HTTP/2) would try an h2c upgrade on every plain-http request.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** A successful PUT: 201 is a create, 200 an update; the server may add warnings (e.g. naming advice). */
  public record PutResult(boolean created, List<String> warnings) {}

  /** GET {@code path}; the body of a 200 as a JSON tree. */
  public JsonNode getJson(String path) {
    HttpResponse<String> response = send(request(path).GET());
    requireSuccess(response);
    return parse(response, path);
  }

  public PutResult put(String path, String json) {
    HttpResponse<String> response = send(request(path)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
    requireSuccess(response);
    List<String> warnings = new ArrayList<>();
    JsonNode body = response.body().isBlank() ? null : parse(response, path);
    if (body != null && body.path("warnings").isArray()) body.get("warnings").forEach(w -> warnings.add(w.asText()));
    return new PutResult(response.statusCode() == 201, warnings);
  }

  /** POST a JSON body; the 2xx answer's body as text (e.g. a token from {@code /tokens/dataplane}). */
  public String post(String path, String json) {
    HttpResponse<String> response = send(request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
    requireSuccess(response);
    return response.body();
  }

  public void delete(String path) {
    requireSuccess(send(request(path).DELETE()));
  }

  /** POST a JSON body; the answer's body as text (Kuma's token endpoints answer text/plain). */
  public String postForText(String path, String json) {
    HttpResponse<String> response = send(request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
    requireSuccess(response);
    return response.body();
  }

  /** Whether two API URLs name the same server (after the normalisation every client applies). */
  public static boolean sameServer(String a, String b) {
    try {
      return normalise(a).equalsIgnoreCase(normalise(b));
    } catch (CliException e) {
      return false;
    }
  }

  /** The raw exchange for GET /, whose oddities are warnings rather than errors (see CompatibilityCheck). */
  HttpResponse<String> getRaw(String path) {
    return send(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header("User-Agent", userAgent);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ApiUnreachableException(baseUrl, reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiUnreachableException(baseUrl, "interrupted");
    }
  }

  private static void requireSuccess(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status < 200 || status > 299) throw ApiException.fromResponse(status, response.body());
  }

  private JsonNode parse(HttpResponse<String> response, String path) {
    try {
      return Mappers.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException("the API answered " + path + " with a body that is not JSON: "
          + abbreviate(response.body()));
    }
  }

  /** The JDK often leaves the message null (e.g. a refused connection); name the cause instead. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) return "connection timed out";
      if (t instanceof HttpTimeoutException) return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
      if (t instanceof ConnectException) return "connection refused";
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) return "unknown host";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Accepts "http://host:port" with or without a trailing slash; anything else is a user error. */
  static String normalise(String apiUrl) {
    String url = apiUrl.trim();
    while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
    try {
      URI uri = new URI(url);
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      if (!http || uri.getHost() == null) throw new URISyntaxException(url, "not an http(s) URL");
    } catch (URISyntaxException e) {
      throw new CliException("invalid --api-url \"" + apiUrl + "\": expected http://HOST:PORT or https://HOST:PORT");
    }
    return url;
  }

  private static String abbreviate(String s) {
    String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
