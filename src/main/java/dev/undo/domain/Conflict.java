package dev.undo.domain;

/** A unique value that another live item holds. {@code value} is the JSON value (String, Number, ...). */
public record Conflict(String field, Object value) {}
