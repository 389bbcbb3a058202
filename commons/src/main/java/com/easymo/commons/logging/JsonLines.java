package com.easymo.commons.logging;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.logging.json.layout.JsonFormatter;

/** Builds the JSON formatter of the masking layouts. */
final class JsonLines {

    private JsonLines() {}

    /**
     * Returns a formatter that escapes every non-ASCII character as {@code \\uXXXX}. JSON allows U+2028, U+2029
     * and U+0085 unescaped, but many line-based tools split lines there, so one event could become several lines.
     */
    static JsonFormatter formatter(boolean prettyPrint, boolean appendLineSeparator) {
        ObjectMapper mapper = Jackson.newObjectMapper();
        mapper.getFactory().configure(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true);
        return new JsonFormatter(mapper, prettyPrint, appendLineSeparator);
    }
}
