package dev.undo.domain;

import java.util.UUID;

/**
 * A reference that names no item it may have: {@code value} (the JSON value of {@code field}) is not an
 * active item of the collection the reference names. {@code collection} and {@code id} name the item
 * that holds it, for an undo or restore; both are null for the item of a create, PUT or PATCH.
 */
public record DanglingReference(String collection, UUID id, String field, Object value) {}
