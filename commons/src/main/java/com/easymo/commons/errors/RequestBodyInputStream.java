package com.easymo.commons.errors;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;

/**
 * Input stream over a request body that records whether the body was read to its end, and turns the failures that
 * the client causes into {@link RequestBodyException}.
 *
 * <ul>
 *   <li>A read that fails because the connector's idle timeout expired, when the client stops sending before the
 *       declared length, becomes a 408 {@code request_timeout}.
 *   <li>A read that fails because Jetty's gzip decoder rejected the bytes, when {@code Content-Encoding: gzip} comes
 *       with a body that is not gzip, becomes a 400 {@code malformed_body}.
 * </ul>
 *
 * <p>Every other failure passes through unchanged, such as Jetty's {@code EofException} for a client that went away
 * or a {@link PayloadTooLargeException} from a {@link LimitedInputStream} underneath.
 */
final class RequestBodyInputStream extends FilterInputStream {

    private final long declaredLength;
    private long bytesRead;
    private boolean ended;

    /**
     * Creates a stream over {@code in}, the body of a request whose {@code Content-Length} is {@code declaredLength},
     * or -1 when the request declares none.
     */
    RequestBodyInputStream(InputStream in, long declaredLength) {
        super(in);
        this.declaredLength = declaredLength;
    }

    /**
     * Returns whether the whole body has been read: a read returned end of stream, or the declared length has been
     * read.
     */
    boolean isFullyRead() {
        return ended || (declaredLength >= 0 && bytesRead >= declaredLength);
    }

    @Override
    public int read() throws IOException {
        try {
            int value = super.read();
            record(value == -1 ? -1 : 1);
            return value;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int read = super.read(buffer, offset, length);
            record(read);
            return read;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public long skip(long count) throws IOException {
        try {
            long skipped = super.skip(count);
            bytesRead += skipped;
            return skipped;
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    private void record(int read) {
        if (read < 0) {
            ended = true;
        } else {
            bytesRead += read;
        }
    }

    /** Returns the exception to throw in place of {@code failure}, or throws {@code failure} if it is unchecked. */
    private static IOException translate(Exception failure) {
        if (Causes.find(failure, TimeoutException.class).isPresent()) {
            return RequestBodyException.timedOut(failure);
        }
        if (Causes.find(failure, ZipException.class).isPresent()) {
            return RequestBodyException.notGzip(failure);
        }
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        return (IOException) failure;
    }
}
