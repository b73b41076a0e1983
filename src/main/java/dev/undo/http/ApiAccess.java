package dev.undo.http;

import dev.undo.auth.Authenticator;
import dev.undo.auth.Identity;
import dev.undo.auth.InvalidTokenException;
import dev.undo.auth.Scope;
import dev.undo.config.TenantLimitsConfig;
import dev.undo.domain.TenantIds;
import dev.undo.service.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may make an API request: the first handler of every API route. It puts the request's
 * {@link Identity} into the routing context once, refuses a request without the route's scope, and
 * takes the request from its tenant's rate limit.
 *
 * <p>Answers follow RFC 6750 §3: no token, 401 with a bare {@code WWW-Authenticate: Bearer}; a token
 * refused, 401 {@code error="invalid_token"}; a token without the scope, 403
 * {@code error="insufficient_scope"} naming the scope. Without authentication every request is tenant
 * {@code default} with every scope, the actor taken from the configured header when there is one.
 */
public final class ApiAccess {
  private static final String IDENTITY = "undo.identity";
  private static final String REALM = "Bearer realm=\"undo\"";

  private final Authenticator authenticator;
  private final String actorHeader;
  private final TenantRateLimits limits;

  /** @param authenticator null without authentication */
  public ApiAccess(Authenticator authenticator, String actorHeader, TenantLimitsConfig tenants) {
    this.authenticator = authenticator;
    this.actorHeader = actorHeader;
    this.limits = tenants.rateLimited() ? new TenantRateLimits(tenants) : null;
  }

  static Caller caller(RoutingContext ctx) {
    return ctx.<Identity>get(IDENTITY).caller();
  }

  Handler<RoutingContext> require(Scope scope) {
    if (authenticator == null) {
      if (actorHeader == null) {
        Identity anonymous = Identity.unauthenticated(TenantIds.DEFAULT, null);
        return ctx -> admit(ctx, anonymous);
      }
      return ctx -> admit(ctx, Identity.unauthenticated(TenantIds.DEFAULT, ctx.request().getHeader(actorHeader)));
    }
    return ctx -> {
      String token = bearerToken(ctx.request().getHeader("authorization"));
      if (token == null) {
        ctx.response().putHeader("www-authenticate", REALM);
        ProblemResponses.send(ctx, Problem.of(ProblemType.UNAUTHORIZED,
            "this request needs a bearer token: Authorization: Bearer <JWT>"));
        return;
      }
      // Nothing after this handler reads a body (a route that takes one has read it already), so the
      // request need not be paused while a token is checked.
      Future<Identity> checked = authenticator.authenticate(token);
      if (checked.isComplete()) {
        proceed(ctx, checked, scope);
      } else {
        checked.onComplete(done -> proceed(ctx, checked, scope));
      }
    };
  }

  private void proceed(RoutingContext ctx, Future<Identity> checked, Scope scope) {
    if (checked.failed()) {
      String why = checked.cause() instanceof InvalidTokenException invalid ? invalid.getMessage() : "the token could not be checked";
      ctx.response().putHeader("www-authenticate", REALM + ", error=\"invalid_token\", error_description=\"" + why + "\"");
      ProblemResponses.send(ctx, Problem.of(ProblemType.UNAUTHORIZED, why));
    } else if (!checked.result().scopes().contains(scope)) {
      ctx.response().putHeader("www-authenticate", REALM + ", error=\"insufficient_scope\", scope=\"" + scope.claim() + "\"");
      ProblemResponses.send(ctx, Problem.of(ProblemType.INSUFFICIENT_SCOPE, "this request needs the scope " + scope.claim())
          .with("scope", scope.claim()));
    } else {
      admit(ctx, checked.result());
    }
  }

  private void admit(RoutingContext ctx, Identity identity) {
    if (limits != null && !limits.admit(identity.caller().tenant(), ctx.response())) {
      ProblemResponses.send(ctx, Problem.of(ProblemType.RATE_LIMITED,
          "this tenant is over its rate limit; try again after Retry-After seconds"));
      return;
    }
    ctx.put(IDENTITY, identity);
    ctx.next();
  }

  /** The token of {@code Authorization: Bearer <token>} (scheme case-insensitive, RFC 9110 §11.1); else null. */
  private static String bearerToken(String authorization) {
    if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
