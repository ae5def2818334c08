package dev.atrium.metrics.model;

/**
 * How many gateways a mesh has of one type: builtin gateways are MeshGateway resources (each served by
 * any number of BUILTIN Dataplanes); delegated gateways are the distinct services of DELEGATED gateway
 * Dataplanes (a Kong with three replicas is one gateway).
 */
public record GatewayCount(String mesh, GatewayType type, int count) {}
