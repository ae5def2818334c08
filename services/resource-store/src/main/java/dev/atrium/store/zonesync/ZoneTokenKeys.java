package dev.atrium.store.zonesync;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.multizone.WriteRules;
import dev.atrium.follow.WatchRetry;
import dev.atrium.security.token.SigningKey;
import dev.atrium.security.token.TokenSecrets;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.service.ResourceNotFoundException;
import dev.atrium.store.service.ResourceService;
import io.grpc.Channel;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * What a zone keeps of global's zone-token secrets (Kuma's KDS mapping): for every GlobalSecret
 * {@code zone-token-signing-key-<serial>} on global, a GlobalSecret
 * {@code zone-token-signing-public-key-<serial>} here holding the public key alone ({@code RSA PUBLIC
 * KEY} PEM), and {@code zone-token-revocations} as it is — so the zone's xds-server can verify zone
 * tokens, and nothing here can sign one. Labelled {@code kuma.io/origin: global}.
 *
 * <p>A follower of its own rather than part of {@link GlobalSync}: that one keeps everything it follows
 * in an index, and global's Watch cannot be narrowed to names, so following GlobalSecrets there would
 * hold global's user-token key and admin token in this process for good. Here every other GlobalSecret
 * is dropped as it arrives, and a private key is turned into its public half before anything is
 * written. (The private key still crosses the wire inside global's Watch: this zone's internal
 * certificate may read every GlobalSecret on global anyway, docs/security.md.) Resumes after a cut
 * from the last revision seen; a (re)listing rewrites the copies and deletes those whose original is
 * gone. Writes run on one thread, in global's order.
 */
@ApplicationScoped
public class ZoneTokenKeys {
  private static final Logger LOG = Logger.getLogger(ZoneTokenKeys.class);

  private final ResourceService local;
  private final Store global;
  private final WatchRetry retry;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "atrium-zone-token-keys");
    t.setDaemon(true);
    return t;
  });
  // Touched by the stream's thread only (one event at a time; a reopen only after a break).
  private long revision;
  private boolean listing = true;
  private Map<String, Resource> listed = new HashMap<>();
  private volatile boolean synced;
  private Cancellable subscription;

  public ZoneTokenKeys(ResourceService local, @GrpcClient("global") Store global, @GrpcClient("global") Channel channel) {
    this.local = local;
    this.global = global;
    this.retry = new WatchRetry(Duration.ofMillis(200), Duration.ofSeconds(10), channel);
  }

  /** Starts following global's GlobalSecrets; returns at once. */
  public synchronized void start() {
    subscription = retry.reopening(this::open, this::onBreak)
        .subscribe().with(this::onEvent, e -> LOG.error("zone-token key watch ended", e));
  }

  public synchronized void stop() {
    if (subscription != null) subscription.cancel();
    writer.shutdownNow();
  }

  /** Whether global's zone-token secrets have been copied at least once (tests). */
  public boolean synced() {
    return synced;
  }

  /** Whether global's GlobalSecret {@code name} has a copy in zones. */
  static boolean sentToZones(String name) {
    return TokenSecrets.kidOf(TokenSecrets.ZONE_TOKEN_SIGNING_KEY_PREFIX, name).isPresent()
        || TokenSecrets.ZONE_TOKEN_REVOCATIONS.equals(name);
  }

  /** The zone's name for global's GlobalSecret {@code name}. */
  static String nameInZone(String name) {
    return TokenSecrets.kidOf(TokenSecrets.ZONE_TOKEN_SIGNING_KEY_PREFIX, name).map(TokenSecrets::zoneSigningPublicKey).orElse(name);
  }

  /**
   * The zone's copy of global's {@code name} holding {@code data}: a signing key becomes its public half;
   * empty when the key cannot be read (it could verify nothing anyway).
   */
  static Optional<Resource> toZone(String name, byte[] data) {
    byte[] copied = data;
    Optional<String> kid = TokenSecrets.kidOf(TokenSecrets.ZONE_TOKEN_SIGNING_KEY_PREFIX, name);
    if (kid.isPresent()) {
      try {
        copied = SigningKey.fromPem(kid.get(), new String(data, StandardCharsets.US_ASCII)).publicKeyPem()
            .getBytes(StandardCharsets.US_ASCII);
      } catch (RuntimeException notAKey) {
        return Optional.empty();
      } finally {
        Arrays.fill(data, (byte) 0);
      }
    }
    return Optional.of(new Resource(ResourceKind.GLOBAL_SECRET,
        new ResourceMeta(null, nameInZone(name), Map.of(WriteRules.ORIGIN_LABEL, "global"), null, null, 0), new SecretSpec(copied)));
  }

  private io.smallrye.mutiny.Multi<WatchEvent> open() {
    if (listing) listed = new HashMap<>();
    return global.watch(WatchRequest.newBuilder().addKinds(ResourceKind.GLOBAL_SECRET.typeName())
        .setFromRevision(listing ? 0 : revision).build());
  }

  private void onBreak(Throwable t) {
    if (Status.fromThrowable(t).getCode() == Status.Code.OUT_OF_RANGE) listing = true;
    LOG.debugf("global's GlobalSecret watch broke at revision %d (%s); resuming", revision, t.getMessage());
  }

  private void onEvent(WatchEvent e) {
    if (e.getType() == WatchEvent.Type.SYNCED) {
      if (listing) {
        Map<String, Resource> state = listed;
        listed = new HashMap<>();
        listing = false;
        writer.execute(() -> reconcile(state));
      }
      revision = Math.max(revision, e.getRevision());
      return;
    }
    if (e.getType() != WatchEvent.Type.PUT && e.getType() != WatchEvent.Type.DELETE) return;
    String name = e.getResource().getKey().getName();
    if (!listing) revision = Math.max(revision, e.getRevision());
    if (!sentToZones(name)) return; // dropped unread: the user-token key, the admin token, …
    boolean put = e.getType() == WatchEvent.Type.PUT;
    Optional<Resource> copy = Optional.empty();
    if (put) {
      try {
        SecretSpec spec = (SecretSpec) ResourceCodec.decodeSpec(ResourceKind.GLOBAL_SECRET, e.getResource().getSpecJson());
        copy = toZone(name, spec.data() == null ? new byte[0] : spec.data());
      } catch (RuntimeException unreadable) {
        copy = Optional.empty();
      }
      if (copy.isEmpty()) LOG.warnf("global's GlobalSecret %s is not a PEM RSA private key; zones get no public key from it", name);
    }
    if (listing) {
      copy.ifPresent(c -> listed.put(c.name(), c));
      return;
    }
    if (copy.isPresent()) {
      Resource c = copy.get();
      writer.execute(() -> write(c));
    } else if (!put) {
      writer.execute(() -> delete(nameInZone(name)));
    }
  }

  /** The zone's copies become what global holds: each written, each whose original is gone deleted. */
  private void reconcile(Map<String, Resource> state) {
    state.values().forEach(this::write);
    int deleted = 0;
    for (Resource mine : local.list(ResourceKind.GLOBAL_SECRET, null)) {
      boolean ours = TokenSecrets.kidOf(TokenSecrets.ZONE_TOKEN_SIGNING_PUBLIC_KEY_PREFIX, mine.name()).isPresent()
          || TokenSecrets.ZONE_TOKEN_REVOCATIONS.equals(mine.name());
      if (ours && "global".equals(mine.meta().labels().get(WriteRules.ORIGIN_LABEL)) && !state.containsKey(mine.name())
          && delete(mine.name())) {
        deleted++;
      }
    }
    synced = true;
    LOG.infof("global's zone-token keys copied: %d GlobalSecrets, %d whose original is gone deleted", state.size(), deleted);
  }

  private void write(Resource copy) {
    try {
      Optional<Resource> existing = local.get(ResourceKind.GLOBAL_SECRET, null, copy.name());
      if (existing.isPresent() && existing.get().spec().equals(copy.spec())
          && existing.get().meta().labels().entrySet().containsAll(copy.meta().labels().entrySet())) {
        return;
      }
      local.put(copy, StoreBackend.ANY_VERSION);
    } catch (RuntimeException e) {
      LOG.warnf("global's zone-token GlobalSecret %s not copied into this zone: %s", copy.name(), e.getMessage());
    }
  }

  private boolean delete(String name) {
    try {
      local.delete(ResourceKind.GLOBAL_SECRET, null, name, StoreBackend.ANY_VERSION);
      return true;
    } catch (ResourceNotFoundException gone) {
      return false;
    } catch (RuntimeException e) {
      LOG.warnf("the zone's GlobalSecret %s, whose original global deleted, stays: %s", name, e.getMessage());
      return false;
    }
  }
}
