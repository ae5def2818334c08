/**
 * {@code MeshSnapshot + proxy identity ─► proxy IR}. Entry point:
 * {@link dev.atrium.core.translate.ProxyTranslator#translate}; naming conventions in
 * {@link dev.atrium.core.translate.ProxyNames}.
 */
package dev.atrium.core.translate;
