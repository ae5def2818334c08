package dev.atrium.webhook.controller.model;

/**
 * Operator-level settings of builtin gateway Pods (from {@code atrium.controllers.gateway.*}).
 *
 * @param image atrium-dp with Envoy
 * @param controlPlaneAddress the xds-server URL atrium-dp bootstraps from
 * @param adminPort Envoy's admin port; the readiness probe asks its /ready
 * @param uid UID and GID of the gateway container
 */
public record GatewaySettings(String image, String controlPlaneAddress, int adminPort, long uid, String cpuRequest,
    String memoryRequest, String cpuLimit, String memoryLimit) {}
