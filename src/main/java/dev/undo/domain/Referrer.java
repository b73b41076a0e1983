package dev.undo.domain;

import java.util.UUID;

/** An active item that refers, through its member {@code field}, to an item a deletion would cover. */
public record Referrer(String collection, UUID id, String field) {}
