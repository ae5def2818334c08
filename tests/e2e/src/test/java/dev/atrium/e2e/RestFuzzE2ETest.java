package dev.atrium.e2e;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.StoreProcess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 malformed or mutated bodies against the real store: never a 5xx, nothing invalid stored,
 * and the store keeps serving. The seed is printed so a failure can be replayed
 * ({@code -Datrium.fuzz.seed=N}).
 */
class RestFuzzE2ETest {
  static final int BODIES = 10_000;

  @TempDir Path dir;

  @Test
  void hostileBodiesNeverCauseA5xxOrStoreAnythingInvalid() {
    long seed = Long.getLong("atrium.fuzz.seed", System.nanoTime());
    System.out.println("RestFuzzE2ETest seed=" + seed);
    BodyMutator mutator = new BodyMutator(seed);
    List<Resource> corpus = corpus();
    Map<Integer, Integer> statuses = new TreeMap<>();
    try (StoreProcess store = StoreProcess.embedded(dir).start()) {
      java.util.Random pick = new java.util.Random(seed);
      for (int i = 0; i < BODIES; i++) {
        Resource base = corpus.get(pick.nextInt(corpus.size()));
        String body = mutator.mutate(ResourceCodec.toJson(base));
        String url = store.apiUrl() + "/meshes/default/" + base.kind().collection() + "/" + base.name();
        Http.Reply reply = Http.put(url, body, pick.nextBoolean() ? "application/json" : "application/yaml");
        statuses.merge(reply.status(), 1, Integer::sum);
        assertThat(reply.status()).as("body #%d (seed %d):\n%s\n→ %s", i, seed, abbreviate(body), reply.body())
            .isLessThan(500);
        if (reply.status() >= 400 && reply.status() != 413) {
          assertThat(reply.json().get("title").asText()).as("a Kuma error body").isNotEmpty();
        }
      }
      System.out.println("RestFuzzE2ETest statuses " + statuses);
      assertEverythingStoredIsValid(store);
      assertThat(Http.get(store.apiUrl() + "/").status()).isEqualTo(200);
      assertThat(Http.get(store.apiUrl() + "/q/health/ready").status()).isEqualTo(200);
    }
  }

  private static void assertEverythingStoredIsValid(StoreProcess store) {
    Validator validator = new Validator(SecretLookup.unavailable());
    for (ResourceKind kind : ResourceKind.values()) {
      String url = kind.isMeshScoped() ? store.apiUrl() + "/meshes/default/" + kind.collection() + "?size=1000"
          : store.apiUrl() + "/" + kind.collection() + "?size=1000";
      JsonNode page = Http.get(url).json();
      for (JsonNode item : page.get("items")) {
        Resource r = ResourceCodec.decode(item);
        assertThat(validator.validate(r)).as("stored %s is valid", r.describe()).isEmpty();
      }
    }
  }

  /** Valid resources of every kind: the seeds plus a few richer ones. */
  private static List<Resource> corpus() {
    List<Resource> out = new ArrayList<>();
    for (String f : Seeds.FILES) out.addAll(ResourceCodec.decodeAll(Seeds.read(f)));
    out.add(ResourceCodec.decode("""
        type: MeshGatewayRoute
        mesh: default
        name: rich-route
        selectors:
          - match:
              kuma.io/service: edge-gateway
        conf:
          http:
            hostnames: ["foo.example.com"]
            rules:
              - matches:
                  - path: {match: EXACT, value: /a}
                    method: GET
                    headers: [{match: EXACT, name: x-a, value: b}]
                    queryParameters: [{match: REGEX, name: q, value: "v.*"}]
                filters:
                  - requestHeader: {set: [{name: x-y, value: z}], remove: [x-drop]}
                backends:
                  - weight: 80
                    destination: {kuma.io/service: a}
                  - weight: 20
                    destination: {kuma.io/service: b}
        """));
    out.add(ResourceCodec.decode("""
        type: MeshHTTPRoute
        mesh: default
        name: http-route
        spec:
          targetRef: {kind: MeshGateway, name: edge-gateway}
          to:
            - targetRef: {kind: Mesh}
              hostnames: ["bar.example.com"]
              rules:
                - matches: [{path: {type: PathPrefix, value: /api}}]
                  default:
                    backendRefs: [{kind: MeshService, name: backend, port: 8080, weight: 1}]
        """));
    out.add(ResourceCodec.decode("""
        type: Secret
        mesh: default
        name: a-secret
        data: dGVzdA==
        """));
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000) + "… (" + s.length() + " chars)";
  }
}
