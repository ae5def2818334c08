package dev.atrium.xds.auth.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.testing.kube.KubeApiServer;
import dev.atrium.xds.auth.AuthenticationException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service-account token authentication against a real kube-apiserver: Pods {@code a} and {@code b} in
 * namespace {@code demo} run as service accounts {@code sa-a} and {@code sa-b}; the authenticator asks
 * the API server as a service account with only {@code create tokenreviews} and {@code get pods}.
 */
class ServiceAccountTokenAuthenticatorTest {
  @TempDir static Path tmp;
  static KubeApiServer kube;
  static Fabric8ClusterIdentities cluster;
  static String tokenA;
  static String tokenB;

  @BeforeAll
  static void start() {
    kube = KubeApiServer.start();
    kube.kubectl("create", "namespace", "demo");
    kube.kubectl("create", "namespace", "atrium-system");
    for (String sa : new String[] {"sa-a", "sa-b"}) kube.kubectl("create", "serviceaccount", sa, "-n", "demo");
    kube.kubectl("run", "a", "-n", "demo", "--image=example.invalid/app", "--overrides", "{\"spec\":{\"serviceAccountName\":\"sa-a\"}}");
    kube.kubectl("run", "b", "-n", "demo", "--image=example.invalid/app", "--overrides", "{\"spec\":{\"serviceAccountName\":\"sa-b\"}}");
    kube.kubectl("run", "c", "-n", "demo", "--image=example.invalid/app"); // names no service account
    tokenA = kube.serviceAccountToken("demo", "sa-a", "a");
    tokenB = kube.serviceAccountToken("demo", "sa-b", "b");

    kube.kubectl("create", "serviceaccount", "xds-server", "-n", "atrium-system");
    kube.kubectl("create", "clusterrole", "xds-server", "--verb=create", "--resource=tokenreviews.authentication.k8s.io");
    kube.kubectl("create", "role", "xds-server-pods", "-n", "demo", "--verb=get", "--resource=pods");
    kube.kubectl("create", "clusterrolebinding", "xds-server", "--clusterrole=xds-server", "--serviceaccount=atrium-system:xds-server");
    kube.kubectl("create", "rolebinding", "xds-server-pods", "-n", "demo", "--role=xds-server-pods", "--serviceaccount=atrium-system:xds-server");
    Path kubeconfig = kube.serviceAccountKubeconfig("atrium-system", "xds-server", tmp.resolve("xds.kubeconfig"));
    cluster = new Fabric8ClusterIdentities(Optional.of(kubeconfig), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
    if (kube != null) kube.close();
  }

  @Test
  void podTokenIsAcceptedForItsOwnDataplane() throws Exception {
    authenticator(Duration.ZERO).authenticate(tokenA, dataplane("a.demo"));
    authenticator(Duration.ZERO).authenticate(tokenB, dataplane("b.demo"));
  }

  @Test
  void anotherPodsTokenIsRefusedNamingBothServiceAccounts() {
    assertThatThrownBy(() -> authenticator(Duration.ZERO).authenticate(tokenB, dataplane("a.demo")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("invalid service account token: the token belongs to service account \"demo/sa-b\", "
            + "but Pod demo/a runs as service account \"demo/sa-a\"");
  }

  @Test
  void podWithoutServiceAccountRunsAsDefault() {
    assertThatThrownBy(() -> authenticator(Duration.ZERO).authenticate(tokenA, dataplane("c.demo")))
        .hasMessageContaining("but Pod demo/c runs as service account \"demo/default\"");
  }

  @Test
  void garbageAndForeignTokensAreNotAuthenticated() {
    for (String garbage : new String[] {"garbage", "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl", tokenA + "x"}) {
      assertThatThrownBy(() -> authenticator(Duration.ZERO).authenticate(garbage, dataplane("a.demo")))
          .hasMessage("dataplane token verification failed with an error: the Kubernetes API server did not authenticate the token");
    }
    assertThatThrownBy(() -> authenticator(Duration.ZERO).authenticate(" ", dataplane("a.demo")))
        .hasMessageContaining("dataplane token verification failed with an error");
  }

  @Test
  void dataplaneWithoutPodIsRefusedSayingSo() {
    assertThatThrownBy(() -> authenticator(Duration.ZERO).authenticate(tokenA, dataplane("ghost.demo")))
        .hasMessage("could not retrieve Pod demo/ghost to verify identity of a dataplane proxy: pods \"ghost\" not found");
    assertThatThrownBy(() -> authenticator(Duration.ZERO).authenticate(tokenA, dataplane("no-namespace")))
        .hasMessage("name \"no-namespace\" must include namespace after the dot, ex. \"name.namespace\"");
  }

  @Test
  void podsOutsideWhatTheServerMayReadAreRefusedWithTheApiServersAnswer() {
    kube.kubectl("create", "namespace", "elsewhere");
    assertThatThrownBy(() -> authenticator(Duration.ZERO).authenticate(tokenA, dataplane("x.elsewhere")))
        .hasMessageStartingWith("could not retrieve Pod elsewhere/x to verify identity of a dataplane proxy: HTTP 403");
  }

  @Test
  void acceptanceIsRememberedForTheTtlOnlyAndRefusalsNever() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ClusterIdentities counting = new ClusterIdentities() {
      @Override
      public Optional<String> podServiceAccount(String namespace, String pod) {
        calls.incrementAndGet();
        return cluster.podServiceAccount(namespace, pod);
      }

      @Override
      public TokenReviewResult review(String token) {
        calls.incrementAndGet();
        return cluster.review(token);
      }
    };
    MutableClock clock = new MutableClock();
    ServiceAccountTokenAuthenticator auth = new ServiceAccountTokenAuthenticator(counting, Duration.ofMinutes(1), 100, clock);
    auth.authenticate(tokenA, dataplane("a.demo"));
    assertThat(calls).hasValue(2);
    for (int i = 0; i < 50; i++) auth.authenticate(tokenA, dataplane("a.demo"));
    assertThat(calls).as("a reconnect storm within the TTL asks nothing").hasValue(2);

    // The same token for another Pod is not covered by the remembered acceptance.
    assertThatThrownBy(() -> auth.authenticate(tokenA, dataplane("b.demo"))).hasMessageContaining("demo/sa-b");
    assertThatThrownBy(() -> auth.authenticate(tokenA, dataplane("b.demo"))).hasMessageContaining("demo/sa-b");
    assertThat(calls).hasValue(6);

    clock.now = clock.now.plus(Duration.ofSeconds(61));
    auth.authenticate(tokenA, dataplane("a.demo"));
    assertThat(calls).as("asked again after the TTL").hasValue(8);
    assertThat(auth.cachedAcceptances()).isEqualTo(1);
  }

  @Test
  void cacheIsBounded() throws Exception {
    ReviewCache cache = new ReviewCache(Duration.ofMinutes(1), 3, Clock.systemUTC());
    for (int i = 0; i < 10; i++) cache.accept("token-" + i, "demo", "p" + i);
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.accepted("token-9", "demo", "p9")).isTrue();
    assertThat(cache.accepted("token-0", "demo", "p0")).isFalse();
  }

  @Test
  void universalModeNeverLooksForKubernetes() {
    // Made with a kubeconfig that does not exist: nothing is read until a proxy is authenticated.
    Fabric8ClusterIdentities unused = new Fabric8ClusterIdentities(Optional.of(tmp.resolve("absent")), Duration.ofSeconds(1));
    new ServiceAccountTokenAuthenticator(unused, Duration.ofMinutes(1), 10, Clock.systemUTC());
    unused.close();
  }

  private static ServiceAccountTokenAuthenticator authenticator(Duration ttl) {
    return new ServiceAccountTokenAuthenticator(cluster, ttl, 100, Clock.systemUTC());
  }

  private static Resource dataplane(String name) {
    return ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 10.0.0.7
          inbound:
            - port: 8080
              tags: {kuma.io/service: demo}
        """.formatted(name));
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
