package dev.atrium.xds.auth.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, for a short time, that a token was accepted for a Pod, so a fleet of proxies reconnecting
 * at once (a control-plane restart) costs the API server one TokenReview and one Pod read per proxy per
 * {@code ttl}, not one per stream. Only acceptances are kept; the key is the token's SHA-256 with the
 * Pod's name, so the token itself is never held. Bounded: the least recently used entry goes first.
 */
final class ReviewCache {
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final Map<String, Instant> accepted;

  ReviewCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.accepted = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
        return size() > ReviewCache.this.maxEntries;
      }
    };
  }

  /** True when this token was accepted for this Pod less than {@code ttl} ago. */
  synchronized boolean accepted(String token, String namespace, String pod) {
    if (ttl.isZero() || maxEntries <= 0) return false;
    String key = key(token, namespace, pod);
    Instant until = accepted.get(key);
    if (until == null) return false;
    if (clock.instant().isBefore(until)) return true;
    accepted.remove(key);
    return false;
  }

  synchronized void accept(String token, String namespace, String pod) {
    if (ttl.isZero() || maxEntries <= 0) return;
    accepted.put(key(token, namespace, pod), clock.instant().plus(ttl));
  }

  synchronized int size() {
    return accepted.size();
  }

  private static String key(String token, String namespace, String pod) {
    return sha256(token) + " " + namespace + "/" + pod;
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
