package dev.atrium.metrics.model;

/**
 * The routes attached to one listener of a builtin gateway (MeshGatewayRoute, MeshHTTPRoute and
 * MeshTCPRoute together), as {@code atriumctl inspect meshgateway} lists them.
 *
 * @param hostname the listener's hostname, {@code *} when it has none
 */
public record ListenerRoutes(String mesh, String gateway, int port, String protocol, String hostname, int routes) {}
