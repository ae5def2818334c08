/**
 * Services' virtual IPs and their {@code .mesh} names: which address a transparently proxied
 * application dials for a mesh service, and what the data plane's DNS answers for its name.
 */
package dev.atrium.core.dns;
