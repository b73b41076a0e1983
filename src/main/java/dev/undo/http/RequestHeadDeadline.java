package dev.undo.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection that starts a request must send its whole head (request line and header fields)
 * within the deadline, or it gets 408 and is closed: a client trickling a byte every few seconds
 * never lets the idle timeout fire and would hold its connection for good (slowloris). Vert.x only
 * sees a request once its head is complete, so this sits in the connection's Netty pipeline: one
 * handler before the decoder sees the first byte of each request, one after it sees the decoded
 * head and the end of the response. One instance per connection, on its event loop.
 */
final class RequestHeadDeadline {
  private final long millis;
  private ScheduledFuture<?> timer;
  /** From a request's head to the end of its response: bytes arriving then belong to a pipelined request. */
  private boolean inRequest;

  RequestHeadDeadline(long millis) {
    this.millis = millis;
  }

  /** Before the decoder: the first bytes of a request start the clock. */
  final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (!inRequest && timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        timer = ctx.executor().schedule(() -> expire(ctx), millis, TimeUnit.MILLISECONDS);
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      cancel();
      super.channelInactive(ctx);
    }
  }

  /** After the decoder and encoder: a complete head stops the clock; the end of its response lets it start again. */
  final class Messages extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof HttpRequest) {
        cancel();
        inRequest = true;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      if (msg instanceof LastHttpContent) {
        inRequest = false;
      }
      super.write(ctx, msg, promise);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (inRequest || !ctx.channel().isActive()) {
      return;
    }
    Http1Framing.answerAndClose(ctx, Problem.of(ProblemType.REQUEST_TIMEOUT,
        "the request's head did not arrive within " + millis + " ms"));
  }
}
