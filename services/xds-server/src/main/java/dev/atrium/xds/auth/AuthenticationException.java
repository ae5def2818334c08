package dev.atrium.xds.auth;

public final class AuthenticationException extends Exception { public AuthenticationException(String message) { super(message); } }
