package dev.atrium.store.wiring;

import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.service.ResourceService;
import dev.atrium.store.tokens.ZoneSigningKeys;
import dev.atrium.store.zonesync.GlobalSync;
import dev.atrium.store.zonesync.ZoneTokenKeys;
import dev.atrium.store.zonesync.ZoneStaleness;
import dev.atrium.store.zonesync.ZoneToGlobalSync;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Opens the store eagerly (a bad database URL fails the start, not the first request), seeds the default
 * mesh, makes the zone-token signing key (not on a zone), and gives every mesh without one its
 * dataplane-token signing key, and every builtin mTLS backend without one its CA; on Kubernetes, Meshes applied with kubectl while the store was down get their
 * default policies.
 */
@ApplicationScoped
public class Startup {
  private static final Logger LOG = Logger.getLogger(Startup.class);

  void onStart(@Observes StartupEvent event, ResourceService service, StoreConfig config, Instance<GlobalSync> global,
      Instance<ZoneToGlobalSync> toGlobal, Instance<ZoneTokenKeys> zoneTokenKeys, Instance<ZoneStaleness> staleness) {
    // A zone connected to a global gets its meshes, with their keys, CAs and default policies, from
    // global, as a Kuma zone does.
    if (config.mode() == ControlPlaneMode.ZONE) {
      // Kuma's zone control plane keeps one Zone locally, its own (global's Zones are global's).
      if (service.ensureOnlyZone(config.zone())) LOG.infof("this zone's own Zone %s is in place", config.zone());
      global.get().start();
      toGlobal.get().start();
      zoneTokenKeys.get().start();
      return;
    }
    // Kuma makes the zone-token signing key on global and on a standalone control plane, never on a zone.
    // A store that refuses the write (a Kubernetes namespace not there yet) does not stop the start: the
    // next one tries again, and /tokens/zone answers "Signing Key not found" meanwhile.
    try {
      if (ZoneSigningKeys.of(service).ensure()) LOG.info("created the zone-token signing key (GlobalSecret zone-token-signing-key-1)");
    } catch (RuntimeException e) {
      LOG.warnf("could not create the zone-token signing key: %s", e.getMessage());
    }
    // Global tells a zone that went silent from one that is connected.
    if (config.mode() == ControlPlaneMode.GLOBAL) staleness.get().start();
    if (config.createDefaultMesh()) service.ensureDefaultMesh();
    List<String> keyed = service.ensureSigningKeys();
    if (!keyed.isEmpty()) LOG.infof("created the dataplane-token signing key of mesh(es) %s", keyed);
    List<String> withCa = service.ensureCertificateAuthorities();
    if (!withCa.isEmpty()) LOG.infof("created the builtin CA of mesh(es) %s", withCa);
    List<String> withDefaults = service.ensureDefaultPolicies();
    if (!withDefaults.isEmpty()) LOG.infof("wrote the default policies of mesh(es) %s (applied while the store was down)", withDefaults);
  }

  /** A zone stopping cleanly tells global it left (its subscription closed), rather than going silent. */
  void onStop(@Observes ShutdownEvent event, StoreConfig config, Instance<ZoneToGlobalSync> toGlobal,
      Instance<ZoneStaleness> staleness) {
    if (config.mode() == ControlPlaneMode.ZONE) toGlobal.get().stop();
    if (config.mode() == ControlPlaneMode.GLOBAL) staleness.get().stop();
  }
}
