package dev.undo.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON Web Key Set (RFC 7517 §5): the keys meant for signatures. */
final class JwksClient {
  private static final long TIMEOUT_MS = 5_000;

  private final HttpClient client;
  private final String url;

  JwksClient(Vertx vertx, String url) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MS));
    this.url = url;
  }

  Future<List<JsonObject>> keys() {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .putHeader("accept", "application/json").setIdleTimeout(TIMEOUT_MS);
    return client.request(request)
        .compose(sent -> sent.send())
        .compose(response -> response.body().compose(body -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture("the JWKS at " + url + " answered " + response.statusCode());
          }
          return Future.succeededFuture(signingKeys(body.toJsonObject()));
        }))
        .recover(failure -> Future.failedFuture(new IllegalStateException(
            "could not read the JWKS at " + url + ": " + failure.getMessage(), failure)));
  }

  Future<Void> close() {
    return client.close();
  }

  private List<JsonObject> signingKeys(JsonObject set) {
    if (!(set.getValue("keys") instanceof JsonArray keys)) {
      throw new IllegalStateException("the JWKS at " + url + " has no keys array");
    }
    List<JsonObject> signing = new ArrayList<>();
    for (Object key : keys) {
      if (key instanceof JsonObject jwk && !"enc".equals(jwk.getString("use"))) {
        signing.add(jwk);
      }
    }
    return signing;
  }
}
