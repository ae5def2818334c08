/**
 * Following the resource-store from another service: {@link dev.atrium.follow.StoreFollower} holds the
 * Store gRPC Watch for the life of the process and keeps a {@link dev.atrium.follow.ResourceIndex}
 * current, telling one listener of each {@link dev.atrium.follow.Change} in revision order.
 *
 * <p>It exists because the xds-server and the metrics service had each grown their own copy of this
 * loop, and its hard parts (resume from the last applied revision, re-list when history was compacted,
 * never show readers half a listing, skip what this build cannot read, read-your-writes) must behave the
 * same in both. Services never share code except through {@code libs/}, so it lives here.
 *
 * <p>Plain Java and Mutiny, deliberately not a CDI bean: a library has no bean discovery, and each
 * service decides which kinds it watches and with which retry delays when it assembles itself.
 */
package dev.atrium.follow;
