package dev.atrium.webhook.inject;

/**
 * The cluster-wide choices behind every injected sidecar (from the webhook's configuration), kept
 * apart from the configuration interface so the injector is a pure function of them.
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
    String memoryLimit) {
}
