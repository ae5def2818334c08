package dev.atrium.store.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may make which REST call. */
class ApiAccessRulesTest {
  private static final ApiUser ALICE = new ApiUser("alice", List.of("team-a")).authenticated();

  private static AccessRule rule(String method, String rawPath) {
    return ApiAuthFilter.rule(method, rawPath);
  }

  @Test
  void secretsAndGlobalSecretsAreForAdminsWhateverTheMethod() {
    for (String path : List.of("/meshes/default/secrets/x", "/meshes/default/secrets", "/secrets", "/global-secrets/a",
        "/global-secrets", "/meshes/default/%73ecrets/x", "/meshes/default%2Fsecrets/x", "/meshes/default/dataplanes/../secrets")) {
      for (String method : List.of("GET", "PUT", "DELETE", "HEAD")) {
        AccessRule r = rule(method, path);
        assertThat(r.level()).as(method + " " + path).isEqualTo(AccessRule.Level.ADMIN);
        assertThat(r.allows(ALICE)).isFalse();
        assertThat(r.allows(ApiUser.LOCAL_ADMIN)).isTrue();
      }
    }
    assertThat(rule("GET", "/global-secrets/a").denial(ApiUser.ANONYMOUS))
        .isEqualTo("user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access the resource of type \"GlobalSecret\"");
  }

  @Test
  void everyTokenEndpointIsForAdminsWithKumasWords() {
    assertThat(rule("POST", "/tokens/dataplane").denial(ALICE))
        .isEqualTo("user \"alice/team-a,mesh-system:authenticated\" cannot access generate dataplane token");
    assertThat(rule("POST", "/tokens/user").denial(ALICE)).isEqualTo("action not allowed");
    assertThat(rule("POST", "/tokens/zone").denial(ALICE)).endsWith("cannot access generate zone token");
    assertThat(rule("POST", "/tokens").level()).isEqualTo(AccessRule.Level.ADMIN);
    assertThat(rule("GET", "/tokens/anything/else").level()).isEqualTo(AccessRule.Level.ADMIN);
  }

  @Test
  void otherResourcesAreReadByAnyoneAndWrittenByAuthenticatedUsers() {
    for (String path : List.of("/", "/meshes", "/meshes/default/meshgatewayroutes/r", "/mesh-insights",
        "/meshes/default/dataplanes/dp/policies", "/_resources")) {
      assertThat(rule("GET", path).allows(ApiUser.ANONYMOUS)).as(path).isTrue();
    }
    AccessRule put = rule("PUT", "/meshes/default/meshgatewayroutes/r");
    assertThat(put.allows(ApiUser.ANONYMOUS)).isFalse();
    assertThat(put.allows(ALICE)).isTrue();
    assertThat(put.denial(ApiUser.ANONYMOUS))
        .isEqualTo("user \"mesh-system:anonymous/mesh-system:unauthenticated\" cannot access the resource of type \"MeshGatewayRoute\"");
    assertThat(rule("DELETE", "/meshes/default").allows(ApiUser.ANONYMOUS)).isFalse();
  }

  @Test
  void userNamesAreQuotedAsGoQuotesThem() {
    ApiUser odd = new ApiUser("a\"b\n", List.of()).authenticated();
    assertThat(rule("GET", "/secrets").denial(odd)).startsWith("user \"a\\\"b\\n/mesh-system:authenticated\" cannot");
  }
}
