package dev.atrium.xds.auth;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.WatchEvent;
import dev.atrium.api.store.v1.WatchRequest;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.follow.WatchRetry;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.token.TokenSecrets;
import dev.atrium.security.token.ZoneTokenVerifier;
import io.smallrye.mutiny.subscription.Cancellable;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The zone-token keys a ZoneIngress's token is checked against, kept in memory from the store's Watch of
 * GlobalSecrets — so an ADS stream's admission never waits on the store (it runs on an event loop, where
 * Quarkus refuses blocking calls). Only what verifies zone tokens is kept: the public keys global sent a
 * zone ({@code zone-token-signing-public-key-<serial>}), the public half of a standalone control plane's
 * own key ({@code zone-token-signing-key-<serial>}: the private key is dropped as soon as it is read),
 * and the revocations. Every other GlobalSecret (user-token keys, the admin's token) passes by unread.
 * After each (re)opened Watch's state, what the store no longer has is forgotten.
 */
public final class WatchedZoneTokenKeys implements ZoneTokenVerifier.GlobalSecrets, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WatchedZoneTokenKeys.class);

  private final Map<String, ZoneTokenVerifier.Stored> kept = new ConcurrentHashMap<>();
  // Watch thread only: the names seen since the Watch was (re)opened, until its state is complete.
  private Set<String> listing = new HashSet<>();
  private final Cancellable subscription;

  public WatchedZoneTokenKeys(Store store, WatchRetry retry) {
    this.subscription = retry.reopening(() -> {
      listing = new HashSet<>();
      return store.watch(WatchRequest.newBuilder().addKinds(ResourceKind.GLOBAL_SECRET.typeName()).build());
    }, broke -> LOG.debugf("GlobalSecret watch broke (%s); reopening", broke.getMessage()))
        .subscribe().with(this::onEvent, e -> LOG.error("GlobalSecret watch ended", e));
  }

  @Override
  public Optional<ZoneTokenVerifier.Stored> get(String name) {
    return Optional.ofNullable(kept.get(name));
  }

  private void onEvent(WatchEvent e) {
    switch (e.getType()) {
      case SYNCED -> {
        if (listing != null) kept.keySet().retainAll(listing);
        listing = null;
      }
      case PUT -> {
        String name = e.getResource().getKey().getName();
        if (!wanted(name)) return;
        if (listing != null) listing.add(name);
        byte[] data = ((SecretSpec) ResourceCodec.decodeSpec(ResourceKind.GLOBAL_SECRET, e.getResource().getSpecJson())).data();
        kept.put(name, new ZoneTokenVerifier.Stored(publicPart(name, data), e.getResource().getVersion()));
      }
      case DELETE -> kept.remove(e.getResource().getKey().getName());
      default -> { }
    }
  }

  private static boolean wanted(String name) {
    return name.startsWith(TokenSecrets.ZONE_TOKEN_SIGNING_PUBLIC_KEY_PREFIX)
        || name.startsWith(TokenSecrets.ZONE_TOKEN_SIGNING_KEY_PREFIX) || name.equals(TokenSecrets.ZONE_TOKEN_REVOCATIONS);
  }

  /** A signing key's public half in PEM; anything else as stored. */
  private static byte[] publicPart(String name, byte[] data) {
    if (!name.startsWith(TokenSecrets.ZONE_TOKEN_SIGNING_KEY_PREFIX)) return data;
    try {
      return Pem.encodeRsaPublicKey(Pem.publicKey(new String(data, StandardCharsets.US_ASCII))).getBytes(StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException notAKey) {
      return new byte[0]; // verifies nothing, like an unreadable key
    }
  }

  @Override
  public void close() {
    subscription.cancel();
  }
}
