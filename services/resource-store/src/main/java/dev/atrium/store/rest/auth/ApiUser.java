package dev.atrium.store.rest.auth;

import dev.atrium.security.token.UserTokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is calling the REST API, in Kuma's terms: a name and groups. A verified token adds the group
 * {@code mesh-system:authenticated}; a caller with no token is {@link #ANONYMOUS}.
 */
public record ApiUser(String name, List<String> groups) {
  public static final ApiUser ANONYMOUS = new ApiUser(UserTokens.ANONYMOUS, List.of(UserTokens.UNAUTHENTICATED));
  /** A direct call from loopback (Kuma's localhostIsAdmin): the admin, authenticated. */
  public static final ApiUser LOCAL_ADMIN = new ApiUser(UserTokens.ADMIN, List.of(UserTokens.ADMIN)).authenticated();

  public ApiUser {
    groups = List.copyOf(groups);
  }

  /** The same user with Kuma's {@code mesh-system:authenticated} group added. */
  public ApiUser authenticated() {
    List<String> more = new ArrayList<>(groups);
    more.add(UserTokens.AUTHENTICATED);
    return new ApiUser(name, more);
  }

  /** User or group {@code mesh-system:admin}: Kuma's static access for admin resources and tokens. */
  public boolean isAdmin() {
    return UserTokens.ADMIN.equals(name) || groups.contains(UserTokens.ADMIN);
  }

  public boolean isAuthenticated() {
    return groups.contains(UserTokens.AUTHENTICATED);
  }

  /** Kuma's rendering in access errors: {@code name/group1,group2}. */
  @Override
  public String toString() {
    return name + "/" + String.join(",", groups);
  }
}
