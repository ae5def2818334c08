package dev.atrium.store.rest.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Authentication of the REST API (environment: ATRIUM_API_...). */
@ConfigMapping(prefix = "atrium.api")
public interface ApiAuthConfig {
  /**
   * A direct call from loopback (no proxy headers, Host loopback) acts as the admin, as Kuma's
   * {@code apiServer.authn.localhostIsAdmin}. Environment ATRIUM_API_LOCALHOST_IS_ADMIN, or Kuma's
   * KUMA_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN (application.properties maps it).
   */
  @WithDefault("true")
  boolean localhostIsAdmin();
}
