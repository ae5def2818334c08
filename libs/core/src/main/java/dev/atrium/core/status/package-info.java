/**
 * {@code MeshSnapshot + MeshGateway name ─► GatewayStatus}: what a builtin gateway serves and why —
 * each listener, the routes attached to it with their backends and ready endpoints, and every route
 * left out with the reason. Read-only, beside the pipeline: it asks {@code dev.atrium.core.translate}
 * ({@link dev.atrium.core.translate.GatewayAttachments}) for each decision rather than repeating it.
 * Entry point: {@link dev.atrium.core.status.GatewayStatusReport#of}.
 */
package dev.atrium.core.status;
