package dev.atrium.store.rest.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** On start: the user-token signing key and the admin's token, unless they exist (Kuma's admin token bootstrap). */
@ApplicationScoped
public class AuthBootstrap {
  private static final Logger LOG = Logger.getLogger(AuthBootstrap.class);

  void onStart(@Observes StartupEvent event, UserTokenStore tokens,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "5681") int port) {
    tokens.bootstrap();
    LOG.infof("admin user token is in GlobalSecret admin-user-token; read it from this machine with"
        + " 'curl http://localhost:%d/global-secrets/admin-user-token | jq -r .data | base64 -d'", port);
  }
}
