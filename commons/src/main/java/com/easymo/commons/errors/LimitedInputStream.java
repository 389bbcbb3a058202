package com.easymo.commons.errors;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Input stream that raises {@link PayloadTooLargeException} as soon as more than a maximum number of bytes has been
 * read through it.
 *
 * <p>It reads at most one byte past the limit from the underlying stream, so an oversized body is never buffered
 * beyond the limit. Mark and reset are not supported, because a reset would let bytes be counted twice.
 */
final class LimitedInputStream extends FilterInputStream {

    private final long maxBytes;
    private long bytesRead;

    /** Creates a stream that allows at most {@code maxBytes} bytes from {@code in}. */
    LimitedInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        checkLimit();
        int value = super.read();
        if (value != -1) {
            count(1);
        }
        return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkLimit();
        int allowed = (int) Math.min(length, maxBytes - bytesRead + 1);
        int read = super.read(buffer, offset, allowed);
        if (read > 0) {
            count(read);
        }
        return read;
    }

    @Override
    public long skip(long count) throws IOException {
        checkLimit();
        long skipped = super.skip(Math.min(count, maxBytes - bytesRead + 1));
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // Not supported: see the class comment.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark and reset are not supported by a size-limited request body");
    }

    private void count(long bytes) throws PayloadTooLargeException {
        bytesRead += bytes;
        checkLimit();
    }

    private void checkLimit() throws PayloadTooLargeException {
        if (bytesRead > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
    }
}
