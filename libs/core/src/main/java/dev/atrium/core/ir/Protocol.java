package dev.atrium.core.ir;

/**
 * How a listener handles its traffic: as HTTP requests routed by an HTTP connection manager, as
 * bytes, or per TLS server name (SNI), each name's filter chain doing one of the two; or not at all
 * (REFUSE: every connection is closed once accepted).
 */
public enum Protocol {
  HTTP,
  TCP,
  SNI,
  REFUSE
}
