package dev.atrium.ctl.config;

import java.util.Map;

/**
 * A control plane atriumctl knows: its name, its REST API URL and how to authenticate to it
 * ({@code authType: tokens}, {@code authConf: {token: ...}}, as kumactl keeps them).
 */
public record ControlPlane(String name, String url, String authType, Map<String, String> authConf) {
  public static final String TOKENS = "tokens";
  public static final String TOKEN_KEY = "token";

  public ControlPlane {
    authType = authType == null ? "" : authType;
    authConf = authConf == null ? Map.of() : Map.copyOf(authConf);
  }

  /** The bearer token, when the control plane authenticates with one. */
  public String token() {
    return TOKENS.equals(authType) ? authConf.get(TOKEN_KEY) : null;
  }

  /** Never the token: this record may end up in a message. */
  @Override
  public String toString() {
    return "ControlPlane[" + name + " " + url + (authType.isEmpty() ? "" : " authType=" + authType) + "]";
  }
}
