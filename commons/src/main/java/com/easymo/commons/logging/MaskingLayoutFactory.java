package com.easymo.commons.logging;

import com.easymo.commons.logging.masking.PiiMasker;

/**
 * A log layout that masks personal data and secrets in every line it writes.
 *
 * <p>The platform bundle accepts only such layouts while masking is on, and hands each one the configured masker
 * and the service's name and version before logging starts. A layout that was never configured masks with the
 * default rules.
 */
public interface MaskingLayoutFactory {

    /** Sets the masker and the service information this layout writes with. */
    void configure(PiiMasker masker, ServiceInfo service);
}
