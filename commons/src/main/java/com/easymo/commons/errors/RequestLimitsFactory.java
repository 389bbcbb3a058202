package com.easymo.commons.errors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.constraints.NotNull;

/**
 * Limits on request bodies, read from the {@code requests} block of a service's configuration.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>Key</th><th>Default</th><th>Description</th></tr>
 *   <tr>
 *     <td>{@code maxBodySize}</td>
 *     <td>{@code 64KiB}</td>
 *     <td>Largest request body accepted, as a Dropwizard data size such as {@code 64KiB} or {@code 1MiB}. A larger
 *     body gets 413 {@code payload_too_large}, whether it declares a {@code Content-Length} or is chunked. Must be
 *     between 1 byte and 10MiB: the services take small JSON documents, so a larger value is a configuration
 *     mistake.</td>
 *   </tr>
 * </table>
 */
public class RequestLimitsFactory {

    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.BYTES)
    @MaxDataSize(value = 10, unit = DataSizeUnit.MEBIBYTES)
    private DataSize maxBodySize = DataSize.kibibytes(64);

    /** Returns the largest request body accepted. */
    @JsonProperty
    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    /** Sets the largest request body accepted. */
    @JsonProperty
    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }
}
