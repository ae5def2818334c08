package dev.atrium.store.rest.auth;

import dev.atrium.security.token.TokenException;
import dev.atrium.store.rest.ErrorBody;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one place where REST calls are authenticated and authorized, before routing, so that every path —
 * the ones endpoints serve now and the ones added later — passes the same rules. {@code /q/*} (health,
 * metrics) is not a REST route and never comes here.
 *
 * <p>Authentication, in Kuma's order: a direct loopback call is the admin (unless
 * {@code atrium.api.localhost-is-admin} is off); otherwise {@code Authorization: Bearer <user token>}
 * names the user, and a bearer that does not verify is a 401 whatever the path; no bearer is the
 * anonymous user. Authorization: {@link ApiAccessRules}.
 */
public class ApiAuthFilter {
  /** Request property holding the {@link ApiUser}, for endpoints that want to know who called. */
  public static final String USER_PROPERTY = "atrium.api.user";
  private static final String BEARER = "Bearer ";

  private final UserTokenStore tokens;
  private final AuthRefusals refusals;
  private final boolean localhostIsAdmin;

  public ApiAuthFilter(UserTokenStore tokens, AuthRefusals refusals, ApiAuthConfig config) {
    this.tokens = tokens;
    this.refusals = refusals;
    this.localhostIsAdmin = config.localhostIsAdmin();
  }

  @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
  public Uni<Response> filter(ContainerRequestContext request, UriInfo uri, HttpServerRequest http) {
    String peer = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    String method = request.getMethod();
    String rawPath = uri.getRequestUri().getRawPath();
    AccessRule rule = rule(method, rawPath == null ? "/" : rawPath);
    if (localhostIsAdmin && DirectLoopback.isDirect(peer, name -> header(request, http, name))) {
      return decide(request, rule, ApiUser.LOCAL_ADMIN, method, rawPath, peer);
    }
    List<String> authorization = request.getHeaders().get("Authorization");
    String header = authorization == null || authorization.isEmpty() ? null : authorization.get(0);
    if (header == null || !header.startsWith(BEARER)) {
      return decide(request, rule, ApiUser.ANONYMOUS, method, rawPath, peer);
    }
    String token = header.substring(BEARER.length());
    // Verifying reads signing keys and revocations from the store: off the event loop.
    return Uni.createFrom().item(() -> {
      try {
        return tokens.verify(token);
      } catch (TokenException e) {
        refusals.unauthenticated(method, rawPath, peer, e.getMessage());
        return null;
      }
    }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).flatMap(user -> user == null
        ? Uni.createFrom().item(ErrorBody.of(401, "Invalid authentication data", "Unauthenticated", List.of()))
        : decide(request, rule, user, method, rawPath, peer));
  }

  /** A request header; for Host, HTTP/2's :authority when there is no Host header (an h2c upgrade, say). */
  private static String header(ContainerRequestContext request, HttpServerRequest http, String name) {
    String value = request.getHeaderString(name);
    if (value != null || !name.equalsIgnoreCase("Host") || http.authority() == null) return value;
    String host = http.authority().host();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
    return http.authority().port() >= 0 ? host + ":" + http.authority().port() : host;
  }

  private Uni<Response> decide(ContainerRequestContext request, AccessRule rule, ApiUser user, String method,
      String path, String peer) {
    if (rule.allows(user)) {
      request.setProperty(USER_PROPERTY, user);
      return Uni.createFrom().nullItem();
    }
    String detail = rule.denial(user);
    refusals.forbidden(method, path, peer, detail);
    return Uni.createFrom().item(ErrorBody.of(403, "Access Denied", detail, List.of()));
  }

  /**
   * The rule for a path read both ways a router might: split then decoded, and decoded then split (an
   * encoded slash). The stricter one applies.
   */
  static AccessRule rule(String method, String rawPath) {
    List<String> splitThenDecoded = ApiAccessRules.segments(rawPath).stream().map(ApiAuthFilter::decode).toList();
    AccessRule a = ApiAccessRules.classify(method, splitThenDecoded);
    AccessRule b = ApiAccessRules.classify(method, ApiAccessRules.segments(decode(rawPath)));
    return AccessRule.stricter(a, b);
  }

  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
