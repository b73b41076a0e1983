package dev.undo.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.json.jackson.DatabindCodec;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class StreamingJsonFactoryTest {
  @Test
  void vertxUsesTheStreamingCodecAlthoughDatabindIsOnTheClassPath() {
    assertThat(new DatabindCodec()).isNotNull();
    assertThat(Json.CODEC).isExactlyInstanceOf(JacksonCodec.class);
  }

  @Test
  void valuesRoundTripAsWithDatabind() {
    String text = "{\"s\":\"é\\u0000\",\"i\":1,\"l\":9007199254740993,\"big\":123456789012345678901234567890,"
        + "\"d\":1.5,\"b\":true,\"n\":null,\"a\":[1,{\"x\":[]}],\"o\":{}}";
    JsonObject streamed = new JsonObject(text);
    JsonObject databound = new JsonObject(new DatabindCodec().fromString(text, java.util.Map.class));
    assertThat(streamed).isEqualTo(databound);
    assertThat(streamed.getValue("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(streamed.getValue("l")).isEqualTo(9007199254740993L);
    assertThat(new JsonObject(streamed.toBuffer())).isEqualTo(streamed);
    assertThat(streamed.encode()).isEqualTo(new DatabindCodec().toString(streamed, false));
  }

  @Test
  void malformedJsonIsRejected() {
    assertThatThrownBy(() -> Json.decodeValue(Buffer.buffer("{\"a\":1} trailing"))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> Json.decodeValue(Buffer.buffer("{\"a\":"))).isInstanceOf(DecodeException.class);
  }
}
