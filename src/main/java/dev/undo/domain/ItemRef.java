package dev.undo.domain;

import java.util.UUID;

/** An item named by its collection and id, as a deletion lists the items it covers. */
public record ItemRef(String collection, UUID id) {}
