package dev.undo.service;

/**
 * Who makes a request: the tenant whose data it touches and the actor recorded in the audit fields
 * (the token's subject; without auth the configured actor header's value; null when unknown).
 */
public record Caller(String tenant, String actor) {}
