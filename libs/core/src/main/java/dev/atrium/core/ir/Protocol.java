package dev.atrium.core.ir;

/** How a listener handles its traffic: as HTTP requests routed by an HTTP connection manager, or as bytes. */
public enum Protocol {
  HTTP,
  TCP
}
