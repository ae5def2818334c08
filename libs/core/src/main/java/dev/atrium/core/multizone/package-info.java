/**
 * Multi-zone: what a control plane is ({@link dev.atrium.core.multizone.ControlPlaneMode}), which side
 * owns each kind ({@link dev.atrium.core.multizone.KindOwnership}, Kuma 2.14's KDS flags) and what a user
 * may therefore write where ({@link dev.atrium.core.multizone.WriteRules}), and the names copies take
 * between global and zones ({@link dev.atrium.core.multizone.SyncedNames}, Kuma's hashed names). Pure: the
 * store and the webhook apply the rules, the zone sync will follow them.
 */
package dev.atrium.core.multizone;
