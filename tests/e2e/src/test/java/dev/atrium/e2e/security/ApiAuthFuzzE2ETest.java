package dev.atrium.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.RepoPaths;
import dev.atrium.testing.http.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 malformed Authorization headers ({@link MalformedAuthorization}) from a pod's network namespace
 * against admin-only and write paths of the packaged store: none is accepted, none gets a 5xx, and the
 * store still serves afterwards. Raw requests (a small Python client in the namespace), since HTTP
 * libraries refuse to send most of these headers. The seed is printed for replay
 * ({@code -Datrium.fuzz.seed=N}).
 */
class ApiAuthFuzzE2ETest {
  static final int REQUESTS = 10_000;
  static final Path CLIENT = RepoPaths.root().resolve("tests/e2e/src/test/resources/security/raw-requests.py");
  static final List<String> TARGETS = List.of("GET /global-secrets/admin-user-token", "GET /meshes/default/secrets/x",
      "PUT /meshes/default/meshgatewayroutes/fuzz", "POST /tokens/user", "DELETE /meshes/default");

  @TempDir Path dir;

  @Test
  void malformedAuthorizationNeverAuthenticatesNorBreaksTheStore() throws Exception {
    long seed = Long.getLong("atrium.fuzz.seed", System.nanoTime());
    System.out.println("ApiAuthFuzzE2ETest seed=" + seed);
    try (AuthFixture f = new AuthFixture(dir.resolve("store"))) {
      List<String> real = List.of(f.userToken("fuzz", "1h", "team-a"), f.admin);
      String revoked = f.userToken("revoked", "1h");
      f.revoke(revoked);
      String expired = f.userToken("expired", "1s");
      Thread.sleep(1_500);
      // The public key is no secret: an attacker has it to try it as an HS256 key.
      String publicKeyPem = f.fromLoopback("/global-secrets/user-token-signing-key-1", " | openssl rsa -pubout 2>/dev/null");
      assertThat(publicKeyPem).startsWith("-----BEGIN PUBLIC KEY-----");
      MalformedAuthorization headers = new MalformedAuthorization(seed, real, List.of(revoked, expired), publicKeyPem);

      Random pick = new Random(seed);
      List<String> cases = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        byte[] value = headers.next();
        values.add(value);
        cases.add(TARGETS.get(pick.nextInt(TARGETS.size())) + " " + Base64.getEncoder().encodeToString(value));
      }
      Path in = dir.resolve("cases.txt");
      Path out = dir.resolve("results.txt");
      Files.write(in, cases);
      long start = System.nanoTime();
      Process client = new ProcessBuilder(f.pod.inside("/usr/bin/python3", CLIENT.toString(), f.pod.hostAddress(),
          String.valueOf(f.port()), in.toString(), out.toString(), "4"))
          .redirectErrorStream(true).redirectOutput(dir.resolve("client.log").toFile()).start();
      assertThat(client.waitFor(120, TimeUnit.SECONDS)).as("the client finishes").isTrue();
      assertThat(client.exitValue()).as(Files.readString(dir.resolve("client.log"))).isZero();
      System.out.printf("ApiAuthFuzzE2ETest %d requests in %d ms%n", REQUESTS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

      Map<Integer, Integer> statuses = new TreeMap<>();
      for (String line : Files.readAllLines(out)) {
        String[] parts = line.split(" ");
        int i = Integer.parseInt(parts[0]);
        int status = Integer.parseInt(parts[1]);
        statuses.merge(status, 1, Integer::sum);
        String shown = new String(values.get(i), 0, Math.min(values.get(i).length, 300), StandardCharsets.ISO_8859_1);
        assertThat(status).as("request #%d %s with Authorization %s (seed %d)", i, cases.get(i).split(" ")[1], shown, seed)
            .isNotIn(200, 201, 202, 203, 204, 206).isLessThan(500);
      }
      System.out.println("ApiAuthFuzzE2ETest statuses " + statuses);
      assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);

      // Still serving, to the admin and to the anonymous alike, and nothing was written.
      assertThat(f.remote.get("/global-secrets/admin-user-token", f.admin).status()).isEqualTo(200);
      assertThat(f.remote.get("/meshes/default/secrets/x", null).status()).isEqualTo(403);
      assertThat(f.remote.get("/meshes/default/meshgatewayroutes/fuzz", null).status()).isEqualTo(404);
      assertThat(Http.get(f.store.apiUrl() + "/meshes/default").status()).isEqualTo(200);
      assertThat(Http.get(f.store.apiUrl() + "/q/health/ready").status()).isEqualTo(200);
    }
  }
}
