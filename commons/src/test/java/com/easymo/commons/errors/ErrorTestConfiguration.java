package com.easymo.commons.errors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Configuration of {@link ErrorTestApplication}. */
public class ErrorTestConfiguration extends Configuration {

    @Valid
    @NotNull
    private RequestLimitsFactory requests = new RequestLimitsFactory();

    @JsonProperty
    public RequestLimitsFactory getRequests() {
        return requests;
    }

    @JsonProperty
    public void setRequests(RequestLimitsFactory requests) {
        this.requests = requests;
    }
}
