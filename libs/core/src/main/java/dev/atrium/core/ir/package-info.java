/**
 * The proxy IR: what one proxy is configured with (listeners, routes, clusters, endpoints, and the
 * services it depends on) as plain immutable records, with no Envoy protos and no Kubernetes types.
 * Made by {@code dev.atrium.core.translate.ProxyTranslator}, read by {@code dev.atrium.core.xds.XdsTranslator};
 * {@link dev.atrium.core.ir.IrYaml} renders it for golden files and debugging.
 */
package dev.atrium.core.ir;
