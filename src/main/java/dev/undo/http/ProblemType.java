package dev.undo.http;

/**
 * Every kind of problem the API answers: its URN ({@code urn:undo:problem:} and the slug), its
 * status and title. README's table of problem types lists each; a test holds them together.
 */
public enum ProblemType {
  INVALID_REQUEST(400, "invalid-request", "Bad Request"),
  UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
  INSUFFICIENT_SCOPE(403, "insufficient-scope", "Forbidden"),
  NOT_FOUND(404, "not-found", "Not Found"),
  ITEMS_MISSING(404, "items-missing", "Not Found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method Not Allowed"),
  REQUEST_TIMEOUT(408, "request-timeout", "Request Timeout"),
  UNIQUE_CONFLICT(409, "unique-conflict", "Conflict"),
  STATE_CONFLICT(409, "state-conflict", "Conflict"),
  DELETION_RESTRICTED(409, "deletion-restricted", "Conflict"),
  REFERENCE_DELETED(409, "reference-deleted", "Conflict"),
  ITEM_HELD(409, "item-held", "Conflict"),
  ITEM_DELETED(410, "item-deleted", "Gone"),
  UNDO_EXPIRED(410, "undo-expired", "Gone"),
  CURSOR_EXPIRED(410, "cursor-expired", "Gone"),
  PRECONDITION_FAILED(412, "precondition-failed", "Precondition Failed"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Content Too Large"),
  DELETION_TOO_LARGE(413, "deletion-too-large", "Content Too Large"),
  URI_TOO_LONG(414, "uri-too-long", "URI Too Long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported Media Type"),
  IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Unprocessable Content"),
  REFERENCE_MISSING(422, "reference-missing", "Unprocessable Content"),
  RATE_LIMITED(429, "rate-limited", "Too Many Requests"),
  HEADER_FIELDS_TOO_LARGE(431, "header-fields-too-large", "Request Header Fields Too Large"),
  /** Another refusal of the HTTP layer; its status is the refusal's own. */
  CLIENT_ERROR(400, "client-error", "Client Error"),
  INTERNAL_ERROR(500, "internal-error", "Internal Server Error"),
  SERVICE_UNAVAILABLE(503, "service-unavailable", "Service Unavailable"),
  HTTP_VERSION_NOT_SUPPORTED(505, "http-version-not-supported", "HTTP Version Not Supported");

  static final String URN_PREFIX = "urn:undo:problem:";

  final int status;
  final String slug;
  final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  String uri() {
    return URN_PREFIX + slug;
  }
}
