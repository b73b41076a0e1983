package dev.undo.domain;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One version of an item; {@code validTo} is null for the current one. */
public record ItemVersion(int version, ItemState state, Instant validFrom, Instant validTo, JsonObject data) {}
