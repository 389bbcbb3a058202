package com.easymo.voicebridge.core;

/**
 * Call together with the status that the provider reported for it at one moment.
 *
 * @param call the stored call
 * @param status the status when the snapshot was taken
 */
public record CallSnapshot(Call call, CallStatus status) {}
