package dev.atrium.store.zonesync;

import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.store.config.StoreConfig;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * A zone's credential on global's Store API (ADR 0020): every call of the {@code global} client — the
 * resource-store's only gRPC client — carries this zone's zone token
 * ({@code atrium.store.global.zone-token-file}) as {@code authorization: Bearer <token>}, read from the
 * file as each call starts ({@link ZoneTokenFile} rereads it only when it changed). A file that cannot
 * be read fails the call with UNAUTHENTICATED naming the file, so the sync retries as for any refusal
 * and picks up a fixed file. Outside mode zone, or without the setting, calls carry nothing.
 */
@ApplicationScoped
@GlobalInterceptor
public class ZoneTokenCredentials implements ClientInterceptor {
  private static final Logger LOG = Logger.getLogger(ZoneTokenCredentials.class);
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final CallCredentials credentials;

  public ZoneTokenCredentials(StoreConfig config) {
    if (config.mode() != ControlPlaneMode.ZONE) {
      credentials = null;
    } else if (config.globalZoneTokenFile().isEmpty()) {
      credentials = null;
      LOG.warn("no zone token for global (atrium.store.global.zone-token-file, ATRIUM_STORE_GLOBAL_ZONE_TOKEN_FILE):"
          + " global refuses this zone's writes unless it allows zones without a token");
    } else {
      ZoneTokenFile file = new ZoneTokenFile(config.globalZoneTokenFile().get());
      LOG.infof("calls to global carry the zone token in %s", file.path());
      credentials = new FromFile(file);
    }
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return next.newCall(method, credentials == null ? options : options.withCallCredentials(credentials));
  }

  /** The token as request metadata, read on gRPC's application executor (never an event loop). */
  private static final class FromFile extends CallCredentials {
    private final ZoneTokenFile file;

    FromFile(ZoneTokenFile file) {
      this.file = file;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      executor.execute(() -> {
        try {
          Metadata headers = new Metadata();
          headers.put(AUTHORIZATION, "Bearer " + file.token());
          applier.apply(headers);
        } catch (IOException | RuntimeException e) {
          applier.fail(Status.UNAUTHENTICATED.withDescription("cannot read this zone's zone token ("
              + "atrium.store.global.zone-token-file " + file.path() + "): "
              + (e instanceof NoSuchFileException ? "no such file" : e.getMessage())));
        }
      });
    }
  }
}
