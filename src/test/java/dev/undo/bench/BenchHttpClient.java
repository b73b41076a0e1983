package dev.undo.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's HTTP/1.1 client: keep-alive connections over a Vert.x NetClient, one request
 * at a time on each, requests written as plain bytes (no header maps) and responses read only as far
 * as the status, the headers asked for and the Content-Length.
 *
 * <p>Why not the Vert.x HttpClient: the generator shares the machine's two cores with the service
 * and PostgreSQL, so every microsecond it spends is taken from the service's side of the ratio.
 * The HttpClient cost the generator about 9 µs of user CPU a request (HTTP codec, header maps, pool,
 * futures); this is what wrk does, in the same JVM as the raw-SQL side.
 *
 * <p>One instance belongs to one event-loop context and must only be used on it.
 */
final class BenchHttpClient {
  private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

  /** A response: its status, its header block and its body. */
  record Response(int status, String headers, Buffer body) {
    /** The first header of that name, or null. */
    String header(String name) {
      return BenchHttpClient.header(headers, name);
    }
  }

  private final Context context;
  private final NetClient net;
  private final String host;
  private final int port;
  private final int maxConnections;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int connections;
  /** Header lines sent with every request, each ending in CRLF (an Authorization, say); may be empty. */
  private final String extraHeaders;

  BenchHttpClient(Vertx vertx, Context context, String host, int port, int maxConnections) {
    this(vertx, context, host, port, maxConnections, "");
  }

  BenchHttpClient(Vertx vertx, Context context, String host, int port, int maxConnections, String extraHeaders) {
    this.extraHeaders = extraHeaders;
    this.context = context;
    this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000)
        .setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS));
    this.host = host;
    this.port = port;
    this.maxConnections = maxConnections;
  }

  Future<Response> send(HttpMethod method, String uri, Buffer body) {
    if (Vertx.currentContext() != context) {
      throw new IllegalStateException("a BenchHttpClient is used on its own context only");
    }
    Buffer request = encode(method, uri, body);
    Promise<Response> response = Promise.promise();
    Connection connection = idle.poll();
    if (connection != null) {
      connection.send(request, response);
    } else if (connections < maxConnections) {
      connections++;
      net.connect(port, host).onComplete(connected -> {
        if (connected.succeeded()) {
          new Connection(connected.result()).send(request, response);
        } else {
          connections--;
          response.fail(connected.cause());
        }
      });
    } else {
      waiting.add(() -> send(method, uri, body).onComplete(response));
    }
    return response.future();
  }

  Future<Void> close() {
    return net.close();
  }

  /** The first header of that name in a header block (status line first), or null. */
  static String header(String headers, String name) {
    int line = 0;
    while ((line = headers.indexOf("\r\n", line)) >= 0) {
      line += 2;
      int colon = line + name.length();
      if (colon < headers.length() && headers.charAt(colon) == ':' && headers.regionMatches(true, line, name, 0, name.length())) {
        int end = headers.indexOf("\r\n", colon);
        return headers.substring(colon + 1, end < 0 ? headers.length() : end).trim();
      }
    }
    return null;
  }

  private Buffer encode(HttpMethod method, String uri, Buffer body) {
    StringBuilder head = new StringBuilder(128).append(method.name()).append(' ').append(uri)
        .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n").append(extraHeaders);
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length()).append("\r\n");
    } else if (method != HttpMethod.GET) {
      head.append("Content-Length: 0\r\n");
    }
    Buffer request = Buffer.buffer(head.append("\r\n").toString());
    return body == null ? request : request.appendBuffer(body);
  }

  private void released(Connection connection) {
    Runnable next = waiting.poll();
    idle.add(connection);
    if (next != null) {
      next.run();
    }
  }

  /** One keep-alive connection and the response it is reading. */
  private final class Connection {
    private final NetSocket socket;
    private Buffer received = Buffer.buffer();
    private Promise<Response> current;
    private int headerEnd = -1;
    private String headers;
    private int contentLength;

    Connection(NetSocket socket) {
      this.socket = socket;
      socket.handler(this::read);
      socket.closeHandler(closed -> {
        idle.remove(this);
        connections--;
        if (current != null) {
          current.tryFail("the connection closed with a response outstanding");
        }
        Runnable next = waiting.poll();
        if (next != null) {
          next.run();
        }
      });
    }

    void send(Buffer request, Promise<Response> response) {
      current = response;
      socket.write(request);
    }

    private void read(Buffer data) {
      received = received.length() == 0 ? data : received.appendBuffer(data);
      if (headerEnd < 0 && !findHeaderEnd()) {
        return;
      }
      int end = headerEnd + CRLF_CRLF.length + contentLength;
      if (received.length() < end) {
        return;
      }
      if (received.length() > end) {
        current.tryFail("bytes after the response, with no request pipelined");
        socket.close();
        return;
      }
      Response response = new Response(Integer.parseInt(headers.substring(9, 12)), headers,
          received.slice(headerEnd + CRLF_CRLF.length, end));
      Promise<Response> done = current;
      current = null;
      received = Buffer.buffer();
      headerEnd = -1;
      released(this);
      done.complete(response);
    }

    private boolean findHeaderEnd() {
      for (int i = 0; i + CRLF_CRLF.length <= received.length(); i++) {
        if (received.getByte(i) == '\r' && received.getByte(i + 1) == '\n'
            && received.getByte(i + 2) == '\r' && received.getByte(i + 3) == '\n') {
          headerEnd = i;
          headers = received.getString(0, i, StandardCharsets.ISO_8859_1.name());
          if (header(headers, "Transfer-Encoding") != null) {
            current.tryFail("the bench client reads only responses with a Content-Length");
            socket.close();
            return false;
          }
          String length = header(headers, "Content-Length");
          contentLength = length == null ? 0 : Integer.parseInt(length);
          return true;
        }
      }
      return false;
    }
  }
}
