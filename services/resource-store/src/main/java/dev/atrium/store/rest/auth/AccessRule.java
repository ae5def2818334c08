package dev.atrium.store.rest.auth;

/**
 * What a request needs: anyone may make it, only an authenticated user, or only an admin; and the words
 * Kuma puts in the 403 when the caller falls short.
 *
 * @param action what the caller "cannot access", e.g. {@code the resource of type "Secret"}; null when
 *     Kuma answers with its bare {@code action not allowed} (generating a user token)
 */
public record AccessRule(Level level, String action) {
  public enum Level { ANYONE, AUTHENTICATED, ADMIN }

  static final AccessRule ANYONE = new AccessRule(Level.ANYONE, "control-plane metadata");

  /** Whether {@code user} may go ahead. */
  public boolean allows(ApiUser user) {
    return switch (level) {
      case ANYONE -> true;
      case AUTHENTICATED -> user.isAuthenticated() || user.isAdmin();
      case ADMIN -> user.isAdmin();
    };
  }

  /** The 403 detail for {@code user}, in Kuma's words ({@code user "name/groups" cannot access ...}). */
  public String denial(ApiUser user) {
    if (action == null) return "action not allowed";
    return "user " + GoQuote.quote(user.toString()) + " cannot access " + action;
  }

  /** Which of two rules asks more of the caller. */
  static AccessRule stricter(AccessRule a, AccessRule b) {
    return b.level.compareTo(a.level) > 0 ? b : a;
  }
}
