package dev.atrium.webhook.inject;

import dev.atrium.webhook.metadata.ProxyCredentials.ControlPlaneCa;
import java.util.Optional;

/**
 * The cluster-wide choices behind every injected sidecar (from the webhook's configuration), kept
 * apart from the configuration interface so the injector is a pure function of them.
 *
 * @param controlPlaneCa the CA that verifies the xds-server, given to the sidecar's atrium-dp in
 *     {@code KUMA_CONTROL_PLANE_CA_CERT}; empty: none (the system's roots)
 */
public record InjectionSettings(
    String sidecarImage,
    String initImage,
    String controlPlaneAddress,
    boolean nativeSidecar,
    long sidecarUid,
    int envoyAdminPort,
    int readinessPort,
    int inboundRedirectPort,
    int outboundRedirectPort,
    String cpuRequest,
    String memoryRequest,
    String cpuLimit,
    String memoryLimit,
    Optional<ControlPlaneCa> controlPlaneCa) {
}
