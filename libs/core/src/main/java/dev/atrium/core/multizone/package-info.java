/**
 * Multi-zone: what a control plane is ({@link dev.atrium.core.multizone.ControlPlaneMode}), which side
 * owns each kind ({@link dev.atrium.core.multizone.KindOwnership}, Kuma 2.14's KDS flags) and what a user
 * may therefore write where ({@link dev.atrium.core.multizone.WriteRules}). Pure: the store applies the
 * rules, the zone sync will follow them.
 */
package dev.atrium.core.multizone;
