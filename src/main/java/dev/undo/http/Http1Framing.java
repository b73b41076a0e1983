package dev.undo.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.net.impl.ConnectionBase;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 message framing as RFC 9112 has it, where Netty and Vert.x are lenient, and a
 * problem+json answer to every request the HTTP layer refuses. The cases are those of request
 * smuggling: a request whose body length two parties could read differently is refused, and its
 * connection closed, since nothing after it on that connection can be trusted (RFC 9112 §6.3, §11.2).
 *
 * <p>Netty's decoder drops {@code Content-Length} when {@code Transfer-Encoding} is present, leaving
 * no trace; its documentation names overriding that step as the way to refuse such a request, so the
 * decoder is replaced on each connection by one that does (through Vert.x's internal connection
 * type, the one way to reach the pipeline). The decoder also reads a request line's version as RFC
 * 9110 §2.5 asks: HTTP/1.x with a higher minor as 1.1, another major version refused with 505.
 */
final class Http1Framing {
  private static final String DECODER = "httpDecoder";
  private static final String ENCODER = "httpEncoder";

  private Http1Framing() {}

  /**
   * Installs, on every HTTP/1 connection, the strict decoder and the deadline for a request's head
   * ({@link RequestHeadDeadline}), and the answer to refused requests.
   */
  static void install(HttpServer server, HttpServerOptions options, Duration headDeadline) {
    server.connectionHandler(connection -> configure(connection, options, headDeadline.toMillis()));
    server.invalidRequestHandler(Http1Framing::refuse);
  }

  private static void configure(HttpConnection connection, HttpServerOptions options, long headDeadlineMillis) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) {
        pipeline.replace(DECODER, DECODER, new StrictDecoder(options));
        RequestHeadDeadline deadline = new RequestHeadDeadline(headDeadlineMillis);
        pipeline.addBefore(DECODER, "undoHeadDeadline", deadline.new Bytes());
        pipeline.addAfter(ENCODER, "undoHeadDeadlineMessages", deadline.new Messages());
      }
    }
  }

  /**
   * Answers from inside the pipeline, where Vert.x has no request to answer, and closes the
   * connection. Called from a handler before the decoder, so the bytes go to the socket as they are.
   */
  static void answerAndClose(ChannelHandlerContext ctx, Problem problem) {
    byte[] body = problem.toJson().toBuffer().getBytes();
    ByteBuf response = ctx.alloc().buffer();
    response.writeCharSequence("HTTP/1.1 " + problem.status() + " " + problem.type().title + "\r\ncontent-type: " + Problem.MEDIA_TYPE
        + "\r\ncontent-length: " + body.length + "\r\nconnection: close\r\n\r\n", StandardCharsets.US_ASCII);
    response.writeBytes(body);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * The header checks the decoder cannot make: answers false, having refused the request and
   * closed its connection, when its framing is ambiguous.
   */
  static boolean admits(HttpServerRequest request) {
    List<String> hosts = request.headers().getAll("Host");
    if (hosts.size() > 1) {
      refuse(request, Problem.of(ProblemType.INVALID_REQUEST, "a request has one Host header, not " + hosts.size()));
      return false;
    }
    List<String> codings = request.headers().getAll("Transfer-Encoding");
    if (codings.isEmpty()) {
      return true;
    }
    if (request.headers().contains("Content-Length")) {
      // HTTP/1.0 requests reach here with both: Netty drops the length only from 1.1 requests.
      refuse(request, Problem.of(ProblemType.INVALID_REQUEST, "a request has Content-Length or Transfer-Encoding, not both"));
      return false;
    }
    // Chunked not last: RFC 9112 §6.3 asks for 400 and a close. Another coding before it (RFC 9112
    // §6.1 would allow 501) gets the same: this service reads no transfer coding but chunked alone.
    String[] listed = String.join(",", codings).split(",", -1);
    if (listed.length > 1 || !listed[0].trim().toLowerCase(Locale.ROOT).equals("chunked")) {
      refuse(request, Problem.of(ProblemType.INVALID_REQUEST,
          "a request's Transfer-Encoding must be chunked alone; its body length cannot be known otherwise"));
      return false;
    }
    return true;
  }

  /** Vert.x's invalid-request handler: what the decoder refused, as problem+json. */
  private static void refuse(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = Problem.of(ProblemType.URI_TOO_LONG, "the request line is longer than this service reads");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = Problem.of(ProblemType.HEADER_FIELDS_TOO_LARGE,
          "the request's header fields are larger than this service reads");
    } else if (cause instanceof UnsupportedVersion version) {
      problem = Problem.of(ProblemType.HTTP_VERSION_NOT_SUPPORTED, version.getMessage());
    } else if (cause instanceof AmbiguousFraming framing) {
      problem = Problem.of(ProblemType.INVALID_REQUEST, framing.getMessage());
    } else {
      problem = Problem.of(ProblemType.INVALID_REQUEST, "the request is not well-formed HTTP/1.1");
    }
    refuse(request, problem);
  }

  private static void refuse(HttpServerRequest request, Problem problem) {
    request.response()
        .setStatusCode(problem.status())
        .putHeader("content-type", Problem.MEDIA_TYPE)
        .putHeader("connection", "close")
        .end(problem.toJson().toBuffer())
        .onComplete(written -> request.connection().close());
  }

  /** Vert.x's decoder with the two changes above. */
  private static final class StrictDecoder extends VertxHttpRequestDecoder {
    /** A request whose line named a version not served here, until the decoder hands it on. */
    private HttpMessage refused;
    private String refusedVersion;

    StrictDecoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) {
      HttpVersion version = HttpVersion.valueOf(initialLine[2]);
      HttpVersion served = version.majorVersion() == 1 && version.minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
      DefaultHttpRequest request =
          new DefaultHttpRequest(served, HttpMethod.valueOf(initialLine[0]), initialLine[1], HeadersMultiMap.httpHeaders());
      if (version.majorVersion() != 1) {
        refused = request;
        refusedVersion = version.text();
      }
      return request;
    }

    /**
     * Marks a refused version's request once its headers are read (reading them resets the result),
     * and answers a body that cannot be framed (a chunk size that is not hex, say) itself: passed on,
     * the failure reaches the request's handlers as an exception after its headers were accepted, and
     * Vert.x closes the connection without an answer.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
      int before = out.size();
      super.decode(ctx, buffer, out);
      List<Object> decoded = out.subList(before, out.size());
      if (refused != null && decoded.contains(refused)) {
        refused.setDecoderResult(DecoderResult.failure(new UnsupportedVersion(refusedVersion)));
        refused = null;
      }
      for (int i = 0; i < decoded.size(); i++) {
        if (decoded.get(i) instanceof HttpContent content && !(content instanceof HttpMessage) && content.decoderResult().isFailure()) {
          List<Object> rest = decoded.subList(i, decoded.size());
          rest.forEach(ReferenceCountUtil::release);
          rest.clear();
          answerAndClose(ctx, Problem.of(ProblemType.INVALID_REQUEST, "the request body's chunked framing is broken"));
          return;
        }
      }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      super.handleTransferEncodingChunkedWithContentLength(message);
      message.setDecoderResult(DecoderResult.failure(
          new AmbiguousFraming("a request has Content-Length or Transfer-Encoding, not both")));
    }
  }

  private static final class UnsupportedVersion extends RuntimeException {
    UnsupportedVersion(String version) {
      super(version + " is not served here; speak HTTP/1.1", null, false, false);
    }
  }

  private static final class AmbiguousFraming extends RuntimeException {
    AmbiguousFraming(String message) {
      super(message, null, false, false);
    }
  }
}
