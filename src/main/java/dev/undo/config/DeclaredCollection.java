package dev.undo.config;

import dev.undo.domain.CollectionSettings;

/** A collection of the configuration file, with the tenant it belongs to ({@code default} unless it says). */
public record DeclaredCollection(String tenant, CollectionSettings settings) {}
