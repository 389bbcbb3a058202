package com.easymo.commons.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

    @Test
    void readsBodyAtLimit() throws IOException {
        InputStream stream = new LimitedInputStream(new ByteArrayInputStream(new byte[10]), 10);

        byte[] content = stream.readAllBytes();

        assertThat(content).hasSize(10);
    }

    @Test
    void raisesOnceLimitIsPassed() {
        InputStream stream = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), 10);

        assertThatThrownBy(stream::readAllBytes)
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("10 bytes");
    }

    @Test
    void raisesOnSingleByteReadsPastLimit() throws IOException {
        InputStream stream = new LimitedInputStream(new ByteArrayInputStream(new byte[3]), 2);
        stream.read();
        stream.read();

        assertThatThrownBy(stream::read).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void readsAtMostOneBytePastLimitFromSource() {
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[100_000]);
        InputStream stream = new LimitedInputStream(source, 1000);

        assertThatThrownBy(() -> stream.read(new byte[8192])).isInstanceOf(PayloadTooLargeException.class);
        assertThat(source.available()).isEqualTo(100_000 - 1001);
    }

    @Test
    void keepsRaisingAfterLimitWasPassed() {
        InputStream stream = new LimitedInputStream(new ByteArrayInputStream(new byte[20]), 10);

        assertThatThrownBy(stream::readAllBytes).isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(stream::read).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void doesNotSupportMark() {
        InputStream stream = new LimitedInputStream(new ByteArrayInputStream(new byte[1]), 10);

        assertThat(stream.markSupported()).isFalse();
        assertThatThrownBy(stream::reset).isInstanceOf(IOException.class);
    }
}
