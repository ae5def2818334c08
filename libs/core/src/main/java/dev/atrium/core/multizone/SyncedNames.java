package dev.atrium.core.multizone;

import java.nio.charset.StandardCharsets;

/**
 * The name a resource takes when it crosses between global and a zone, as Kuma 2.14 names it: the
 * original name, a dash, and 16 characters of an FNV-1a 64-bit hash of the mesh, the name and the
 * values of the labels that tell copies apart (the zone, the namespace), written in hex and then in
 * Kubernetes' "safe" alphabet (no vowels, no confusable digits). The original name travels in the
 * {@code kuma.io/display-name} label. Equal inputs give equal names on every control plane, so a copy
 * is found again after a restart or a resync without any record of what was sent.
 */
public final class SyncedNames {
  private SyncedNames() {}

  public static final String DISPLAY_NAME_LABEL = "kuma.io/display-name";

  /** Kubernetes' {@code rand.SafeEncodeString} alphabet: each hex digit maps to {@code ALPHABET[c % 27]}. */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** A Kubernetes name holds 253 characters; the dash and the hash take 17. */
  private static final int NAME_LIMIT = 253 - 17;

  /** {@code name-<hash of mesh, name, values…>}; {@code mesh} is empty for a global-scoped kind. */
  public static String hashed(String mesh, String name, String... values) {
    long hash = FNV_OFFSET;
    hash = fnv(hash, mesh);
    hash = fnv(hash, name);
    for (String v : values) hash = fnv(hash, v);
    String hex = String.format("%016x", hash);
    StringBuilder out = new StringBuilder(name.length() > NAME_LIMIT ? name.substring(0, NAME_LIMIT) : name).append('-');
    for (int i = 0; i < hex.length(); i++) out.append(ALPHABET.charAt(hex.charAt(i) % ALPHABET.length()));
    return out.toString();
  }

  private static long fnv(long hash, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }
}
