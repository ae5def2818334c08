package dev.atrium.internaltls.quarkus;

import dev.atrium.internaltls.InternalTls;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Every service that depends on this library (found through its {@code META-INF/beans.xml}) checks its
 * internal TLS settings first thing at start: a service without its CA, certificate or key stops with
 * a message that names the missing setting, instead of running in plaintext or failing on its first
 * call to another service.
 *
 * <p>The Store gRPC client of each service reads the same properties in its {@code application.properties}
 * ({@code quarkus.grpc.clients.store.ssl.*}); the resource-store's server uses {@link #settings}.
 */
@Singleton
public class InternalTlsStartupCheck {
  private static final Logger LOG = Logger.getLogger(InternalTlsStartupCheck.class);

  @Produces
  @Singleton
  InternalTls settings(Config config) {
    return InternalTls.read(name -> config.getOptionalValue(name, String.class));
  }

  /** Before every other start-up observer ({@code @Startup} beans use the default priority 2500). */
  void check(@Observes @Priority(1) StartupEvent start, InternalTls tls) {
    tls.requireUsable();
    if (tls.enabled()) {
      LOG.infof("Calls between Atrium's services: %s", tls.describe());
    } else {
      LOG.warnf("Calls between Atrium's services: %s", tls.describe());
    }
  }
}
