package com.easymo.commons.errors;

import java.io.IOException;

/**
 * Signals that a request body passed {@code requests.maxBodySize} while it was being read.
 *
 * <p>It is an {@link IOException} on purpose: Jackson passes I/O failures of the underlying stream through unchanged,
 * whereas it would wrap a runtime exception in a mapping exception that reads as a client's JSON error.
 */
public final class PayloadTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long maxBytes;

    /** Creates an exception for a body that exceeded the given limit. */
    public PayloadTooLargeException(long maxBytes) {
        super("Request body exceeds the limit of " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    /** Returns the limit that the body exceeded, in bytes. */
    public long getMaxBytes() {
        return maxBytes;
    }
}
