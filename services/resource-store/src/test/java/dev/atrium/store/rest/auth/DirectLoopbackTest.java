package dev.atrium.store.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which calls count as the local admin: Kuma's direct-loopback conditions. */
class DirectLoopbackTest {
  private static boolean direct(String peer, String... headers) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) h.put(headers[i], headers[i + 1]);
    return DirectLoopback.isDirect(peer, h::get);
  }

  @Test
  void aLoopbackPeerWithALoopbackHostIsDirect() {
    assertThat(direct("127.0.0.1", "Host", "localhost:5681")).isTrue();
    assertThat(direct("127.0.0.1", "Host", "127.0.0.1:5681")).isTrue();
    assertThat(direct("::1", "Host", "[::1]:5681")).isTrue();
    assertThat(direct("127.0.0.1", "Host", "LOCALHOST.")).isTrue();
  }

  @Test
  void aRemotePeerIsNeverDirect() {
    assertThat(direct("10.0.0.2", "Host", "localhost:5681")).isFalse();
    assertThat(direct(null, "Host", "localhost:5681")).isFalse();
  }

  @Test
  void aProxyHopOrAForeignHostMakesItIndirect() {
    assertThat(direct("127.0.0.1", "Host", "localhost", "X-Forwarded-For", "10.0.0.9")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "localhost", "Forwarded", "for=10.0.0.9")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "localhost", "X-Real-IP", "10.0.0.9")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "atrium.example.com")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "127.1")).as("no short forms").isFalse();
    assertThat(direct("127.0.0.1", "Host", "localhost:")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "localhost:99999")).isFalse();
    assertThat(direct("127.0.0.1")).as("no Host header").isFalse();
  }

  @Test
  void aBrowserCallFromAnotherSiteOrOriginIsIndirect() {
    assertThat(direct("127.0.0.1", "Host", "localhost:5681", "Sec-Fetch-Site", "cross-site")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "localhost:5681", "Sec-Fetch-Site", "same-origin")).isTrue();
    assertThat(direct("127.0.0.1", "Host", "localhost:5681", "Origin", "http://evil.example")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "localhost:5681", "Origin", "http://localhost:8080")).isFalse();
    assertThat(direct("127.0.0.1", "Host", "localhost:5681", "Origin", "http://localhost:5681")).isTrue();
    assertThat(direct("127.0.0.1", "Host", "localhost", "Origin", "http://localhost")).isTrue();
    assertThat(direct("127.0.0.1", "Host", "localhost:5681", "Origin", "null")).isFalse();
  }
}
