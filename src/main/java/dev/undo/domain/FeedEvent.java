package dev.undo.domain;

import io.vertx.core.json.JsonObject;

/** One event of the change feed: where it is in the feed, its item's collection, and the CloudEvent. */
public record FeedEvent(FeedCursor cursor, String collection, JsonObject cloudEvent) {}
