package dev.atrium.testing.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * Dataplane tokens for tests and benchmarks, asked of the store as an operator asks for them
 * ({@code POST /tokens/dataplane}), and token files as {@code atrium-dp --dataplane-token-file} reads them;
 * zone tokens the same way ({@code POST /tokens/zone}, on global).
 */
public final class DataplaneTokenRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private DataplaneTokenRequests() {}

  /** A token for {@code mesh}/{@code name} ({@code name} null: any Dataplane of the mesh). */
  public static String issue(String storeApiUrl, String mesh, String name) {
    ObjectNode body = JSON.createObjectNode().put("mesh", mesh);
    if (name != null) body.put("name", name);
    return post(storeApiUrl, body);
  }

  /** A token for an arbitrary request body (tags, type, validFor, ...); fails unless the store answers 200. */
  public static String post(String storeApiUrl, ObjectNode body) {
    return post(storeApiUrl, "/tokens/dataplane", body);
  }

  /** A zone token for {@code zone} with {@code scopes}, minted by the global (or standalone) store. */
  public static String zone(String storeApiUrl, String zone, String... scopes) {
    ObjectNode body = JSON.createObjectNode().put("zone", zone);
    for (String scope : scopes) body.withArray("scope").add(scope);
    return post(storeApiUrl, "/tokens/zone", body);
  }

  private static String post(String storeApiUrl, String path, ObjectNode body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(storeApiUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("POST " + path + " " + body + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return response.body().strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code token} to {@code dir/<mesh>[.<name>].token}, readable by everyone (agents may run as
   * another uid, inside a pod's network namespace).
   */
  public static Path writeFile(Path dir, String mesh, String name, String token) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(mesh + (name == null ? "" : "." + name) + ".token");
      Files.writeString(file, token);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
