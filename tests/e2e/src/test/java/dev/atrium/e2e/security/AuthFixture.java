package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.testing.http.Http;
import dev.atrium.testing.netns.PodNetwork;
import dev.atrium.testing.process.StoreProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A packaged store listening on every address, and a pod's network namespace to call it from: its
 * loopback is the admin's (the admin token is read there, as Kuma's docs say), while calls from the
 * namespace arrive from 10.x.y.2, as from another machine.
 */
final class AuthFixture implements AutoCloseable {
  final PodNetwork pod;
  final StoreProcess store;
  final PodCaller remote;
  final String remoteUrl;
  final String admin;

  AuthFixture(Path workDir) throws Exception {
    PodNetwork p = PodNetwork.create();
    StoreProcess s = null;
    try {
      s = StoreProcess.embedded(workDir).withEnv("ATRIUM_STORE_HTTP_HOST", "0.0.0.0").start();
      this.pod = p;
      this.store = s;
      this.remoteUrl = "http://" + p.hostAddress() + ":" + port();
      this.remote = new PodCaller(p, remoteUrl);
      this.admin = fromLoopback("/global-secrets/admin-user-token", "");
      assertThat(admin.split("\\.")).as("a JWT").hasSize(3);
      Http.put(s.apiUrl() + "/meshes/default/secrets/x",
          "{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"x\",\"data\":\"c2VjcmV0\"}", "application/json");
    } catch (Exception | AssertionError e) {
      if (s != null) s.close();
      p.close();
      throw e;
    }
  }

  int port() {
    return Integer.parseInt(store.apiUrl().substring(store.apiUrl().lastIndexOf(':') + 1));
  }

  /** Kuma's documented way: {@code curl localhost:5681/global-secrets/admin-user-token | jq -r .data | base64 -d}. */
  String fromLoopback(String path, String then) throws Exception {
    Process p = new ProcessBuilder("bash", "-c",
        "curl -sS localhost:" + port() + path + " | jq -r .data | base64 -d" + then).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).isZero();
    return out;
  }

  /** A user token, asked for as the admin from the namespace. */
  String userToken(String name, String validFor, String... groups) {
    StringBuilder g = new StringBuilder();
    for (String group : groups) g.append(g.length() == 0 ? "" : ",").append(quoted(group));
    PodCaller.Reply r = remote.call("POST", "/tokens/user", admin,
        "{\"name\":" + quoted(name) + ",\"groups\":[" + g + "],\"validFor\":" + quoted(validFor) + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body().strip();
  }

  /** Adds the token's jti to the GlobalSecret user-token-revocations (from loopback, as the admin). */
  void revoke(String token) throws IOException {
    JsonNode claims = Mappers.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    Http.Reply existing = Http.get(store.apiUrl() + "/global-secrets/user-token-revocations");
    String before = existing.status() == 200
        ? new String(Base64.getDecoder().decode(existing.json().path("data").asText()), StandardCharsets.UTF_8) + "," : "";
    String data = Base64.getEncoder().encodeToString((before + claims.path("jti").asText()).getBytes(StandardCharsets.UTF_8));
    Http.Reply put = Http.put(store.apiUrl() + "/global-secrets/user-token-revocations",
        "{\"type\":\"GlobalSecret\",\"name\":\"user-token-revocations\",\"data\":\"" + data + "\"}", "application/json");
    assertThat(put.status()).as(put.body()).isIn(200, 201);
  }

  static String quoted(String s) {
    return Mappers.JSON.getNodeFactory().textNode(s).toString();
  }

  @Override
  public void close() {
    store.close();
    pod.close();
  }
}
