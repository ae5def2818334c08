/**
 * {@code validated resources ─► MeshSnapshot}: one immutable view per mesh, with the service → endpoints
 * index every proxy translation reads. Entry point: {@link dev.atrium.core.snapshot.MeshSnapshot#of}.
 */
package dev.atrium.core.snapshot;
