package dev.atrium.e2e.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.netns.PodNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** curl inside a pod's network namespace: a REST caller that is not on the store's loopback. */
final class PodCaller {
  private static final String MARKER = "@@status=";

  private final PodNetwork pod;
  private final String baseUrl;

  PodCaller(PodNetwork pod, String baseUrl) {
    this.pod = pod;
    this.baseUrl = baseUrl;
  }

  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return Mappers.JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }
  }

  Reply get(String path, String token) {
    return call("GET", path, token, null);
  }

  /** {@code token} null: no Authorization header; otherwise sent as {@code Authorization: Bearer <token>}. */
  Reply call(String method, String path, String token, String body) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-m", "10", "-X", method, "-o", "-", "-w", "\n" + MARKER + "%{http_code}"));
    if (token != null) cmd.addAll(List.of("-H", "Authorization: Bearer " + token));
    if (body != null) cmd.addAll(List.of("-H", "Content-Type: application/yaml", "--data-binary", body));
    cmd.add(baseUrl + path);
    PodNetwork.Result r = pod.run(cmd.toArray(String[]::new));
    int at = r.output().lastIndexOf("\n" + MARKER);
    if (r.exitCode() != 0 || at < 0) throw new IllegalStateException("curl " + method + " " + path + " failed: " + r.error());
    return new Reply(Integer.parseInt(r.output().substring(at + 1 + MARKER.length()).trim()), r.output().substring(0, at));
  }
}
