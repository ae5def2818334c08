/**
 * {@code MeshSnapshot + MeshGateway name ─► GatewayStatus}: what a builtin gateway serves and why —
 * each listener, the routes attached to it with their backends and ready endpoints, and every route
 * left out with the reason. Read-only, beside the pipeline: attachment is read from the policy stage
 * ({@link dev.atrium.core.policy.GatewayPolicies}, {@link dev.atrium.core.policy.GatewayRouteAttachment}),
 * what rules become and what is served from {@link dev.atrium.core.translate.GatewayAttachments};
 * nothing is decided here again. Entry point: {@link dev.atrium.core.status.GatewayStatusReport#of}.
 */
package dev.atrium.core.status;
