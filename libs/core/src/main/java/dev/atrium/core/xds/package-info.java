/**
 * {@code proxy IR ─► Envoy v3 resources by type URL}, assembled by the ordered generators of
 * {@code DefaultProxyProfile}, each aspect of a proto set by a small configurer. Entry point:
 * {@link dev.atrium.core.xds.XdsTranslator#translate}; output {@link dev.atrium.core.xds.XdsResources}.
 */
package dev.atrium.core.xds;
