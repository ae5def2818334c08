package dev.atrium.core.xds;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Envoy resources built once and handed to every proxy whose IR asks for the same thing (ADR 0019).
 * Each generator builds a resource from one IR element alone (a cluster from its {@code ClusterIr}, a
 * route configuration from its {@code RouteIr} …), so two proxies with equal elements get equal
 * resources: with one instance of this per mesh snapshot, the second gets the first's object instead of
 * building, hashing and serializing it again. Most of a mesh is such: the cluster and the routes to a
 * service are the same in every sidecar that calls it, and a gateway's replicas share everything.
 *
 * <p>Sharing changes no output, only how often it is computed: {@link #none()} builds every time, and
 * both give equal resources and equal versions. Thread-safe: the translations of one snapshot run on
 * several threads.
 */
public final class SharedResources {
  private static final SharedResources NONE = new SharedResources(false);

  private final boolean sharing;
  private final Map<Key, Message> built = new ConcurrentHashMap<>();
  private final Map<Same, Digest> digests = new ConcurrentHashMap<>();

  private SharedResources(boolean sharing) {
    this.sharing = sharing;
  }

  /** Shares nothing: every call builds (tests, goldens, one-off translations). */
  public static SharedResources none() {
    return NONE;
  }

  /** An empty set, to be used for the translations of one mesh snapshot (its IR elements are comparable). */
  public static SharedResources create() {
    return new SharedResources(true);
  }

  /**
   * The resource {@code generator} builds from {@code input}: built now if no translation of this
   * snapshot built it before, else the same instance.
   *
   * @param input an IR record: equal inputs must give equal resources (records compare every field)
   */
  <T extends Message> T resource(Class<? extends ResourceGenerator> generator, Object input, Supplier<T> build) {
    if (!sharing) return build.get();
    @SuppressWarnings("unchecked")
    T resource = (T) built.computeIfAbsent(new Key(generator, input), k -> build.get());
    return resource;
  }

  /**
   * The SHA-256 of {@code resource}'s deterministic serialization — computed once for a shared
   * instance, which every proxy holding it then versions without serializing it again.
   */
  Digest digest(Message resource) {
    if (!sharing) return Digest.of(resource);
    return digests.computeIfAbsent(new Same(resource), s -> Digest.of(resource));
  }

  /**
   * A resource's SHA-256, as bytes (folded into its type's version) and as hex (the resource's own
   * version, which delta xDS compares): one instance per shared resource, so its proxies hold one string.
   */
  record Digest(byte[] bytes, String hex) {
    static Digest of(Message resource) {
      byte[] bytes = sha256(resource);
      return new Digest(bytes, HexFormat.of().formatHex(bytes));
    }
  }

  static byte[] sha256(Message resource) {
    // Serialized into an array of its exact size: a stream's 4 KiB buffer per call would weigh more than
    // most clusters and routes, and a stream over a large route table copies it in 4 KiB steps.
    byte[] bytes = new byte[resource.getSerializedSize()];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    try {
      resource.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return newSha256().digest(bytes);
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private record Key(Class<? extends ResourceGenerator> generator, Object input) {}

  /**
   * A message compared by identity: only the shared instances are looked up, and a deep
   * {@code equals} would cost what the digest saves.
   */
  private record Same(Message message) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Same s && s.message == message;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(message);
    }
  }
}
