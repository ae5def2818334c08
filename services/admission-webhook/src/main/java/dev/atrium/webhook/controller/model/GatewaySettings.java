package dev.atrium.webhook.controller.model;

import dev.atrium.webhook.metadata.ProxyCredentials.ControlPlaneCa;
import java.util.Optional;

/**
 * Operator-level settings of builtin gateway Pods (from {@code atrium.controllers.gateway.*}).
 *
 * @param image atrium-dp with Envoy
 * @param controlPlaneAddress the xds-server URL atrium-dp bootstraps from
 * @param adminPort Envoy's admin port, on 127.0.0.1 only
 * @param readinessPort where atrium-dp answers the readiness probe with Envoy's state (the kubelet probes
 *     the Pod's IP, which the admin does not listen on)
 * @param uid UID and GID of the gateway container
 * @param controlPlaneCa the CA that verifies the xds-server, given to atrium-dp in
 *     {@code KUMA_CONTROL_PLANE_CA_CERT}; empty: none (the system's roots)
 */
public record GatewaySettings(String image, String controlPlaneAddress, int adminPort, int readinessPort, long uid,
    String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit, Optional<ControlPlaneCa> controlPlaneCa) {}
