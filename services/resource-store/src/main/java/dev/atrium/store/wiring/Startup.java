package dev.atrium.store.wiring;

import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.service.ResourceService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Opens the store eagerly (a bad database URL fails the start, not the first request) and seeds the default mesh. */
@ApplicationScoped
public class Startup {
  void onStart(@Observes StartupEvent event, ResourceService service, StoreConfig config) {
    if (config.createDefaultMesh()) service.ensureDefaultMesh();
  }
}
