'use strict';

// voice-bridge's call endpoints as an Express application: the same routes, validation, simulated telephony
// provider, rate limits and JSON error shape. server.js starts it, and the tests call createApp directly.

const { randomUUID } = require('node:crypto');
const express = require('express');
const { rateLimit } = require('express-rate-limit');
const pinoHttp = require('pino-http');
const { validateOutboundCall } = require('./validation');

const MAX_STORED_CALLS = 10000;
const MAX_BODY_BYTES = 64 * 1024;

// Milliseconds after placing until a simulated call reaches each status, as in voice-bridge's simulated provider.
const RINGING_AFTER_MS = 2000;
const ANSWERED_AFTER_MS = 6000;
const COMPLETED_AFTER_MS = 36000;

const CANONICAL_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Returns the status of a simulated call from the time since it was placed. */
function simulatedStatus(placedAtMs, nowMs) {
  const elapsed = nowMs - placedAtMs;
  if (elapsed >= COMPLETED_AFTER_MS) {
    return 'completed';
  }
  if (elapsed >= ANSWERED_AFTER_MS) {
    return 'in-progress';
  }
  if (elapsed >= RINGING_AFTER_MS) {
    return 'ringing';
  }
  return 'queued';
}

/** Masks a phone number for the log, keeping a leading + and the last two digits: +**********78. */
function maskPhoneNumber(number) {
  const visibleFrom = number.length - 2;
  let masked = '';
  for (let i = 0; i < number.length; i++) {
    const visible = (i === 0 && number[i] === '+') || i >= visibleFrom;
    masked += visible ? number[i] : '*';
  }
  return masked;
}

function sendError(res, status, error, message, extra = {}) {
  res.status(status).json({ error, message, ...extra, correlationId: res.req.id });
}

function callResponse(call, nowMs) {
  return {
    callId: call.id,
    status: simulatedStatus(call.placedAtMs, nowMs),
    to: call.to,
    from: call.from,
    createdAt: new Date(call.placedAtMs).toISOString(),
  };
}

/** Sends the 429 of both limiters, and logs it like voice-bridge does. express-rate-limit has set Retry-After. */
function rateLimitExceeded(req, res) {
  const retryAfter = Number(res.getHeader('Retry-After'));
  req.log.warn(
    { event: 'RATE_LIMIT_EXCEEDED', key: req.rateLimit.key, limit: req.rateLimit.limit, path: req.route?.path },
    'Rate limit exceeded',
  );
  sendError(res, 429, 'rate_limit_exceeded', 'Too many requests, please try again later', { retryAfter });
}

function limiter(windowMs, limit) {
  return rateLimit({
    windowMs,
    limit,
    // X-RateLimit-Limit, -Remaining and -Reset (Unix epoch seconds), the headers voice-bridge sends.
    legacyHeaders: true,
    standardHeaders: false,
    // voice-bridge groups IPv6 clients by their /64 prefix.
    ipv6Subnet: 64,
    handler: rateLimitExceeded,
  });
}

/**
 * Creates the application.
 *
 * @param logger a pino logger for the access log and the application log
 * @param now returns the current time in epoch milliseconds, so tests can move time
 */
function createApp({ logger, now = Date.now }) {
  const calls = new Map();
  const app = express();

  // Clients on loopback are proxies, so the rightmost X-Forwarded-For entry that is not loopback is the client,
  // as with voice-bridge's trustedProxies: [127.0.0.1, ::1].
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Correlation-ID', id);
        return id;
      },
    }),
  );

  // Global: 100 requests per 15 minutes per client IP. outbound-calls: 10 per minute per client IP.
  const globalLimit = limiter(15 * 60 * 1000, 100);
  const outboundCallsLimit = limiter(60 * 1000, 10);
  const json = express.json({ limit: MAX_BODY_BYTES, strict: false });

  app.get('/healthz', (req, res) => {
    res.json({ status: 'ok' });
  });

  app.post('/calls/outbound', globalLimit, outboundCallsLimit, (req, res, next) => {
    // req.is returns null for a request without a body, which then gets 400 missing_body.
    if (req.is(['application/json', 'application/*+json']) === false) {
      sendError(res, 415, 'unsupported_media_type', 'The resource does not accept the Content-Type of the request.');
      return;
    }
    json(req, res, next);
  }, (req, res) => {
    if (req.body === undefined || req.body === null) {
      sendError(res, 400, 'missing_body', 'The request body is required but missing.');
      return;
    }
    const violation = validateOutboundCall(req.body);
    if (violation !== null) {
      sendError(res, 422, 'invalid_field', violation.message, { field: violation.field });
      return;
    }

    const call = {
      id: randomUUID(),
      providerCallId: `sim-${randomUUID()}`,
      to: req.body.to,
      from: req.body.from,
      placedAtMs: now(),
    };
    calls.set(call.id, call);
    if (calls.size > MAX_STORED_CALLS) {
      calls.delete(calls.keys().next().value);
    }
    req.log.info(
      { callId: call.id, providerCallId: call.providerCallId, to: maskPhoneNumber(call.to) },
      'Placed outbound call',
    );
    res.status(202).location(`/calls/${call.id}`).json(callResponse(call, now()));
  });

  app.get('/calls/:callId', globalLimit, (req, res) => {
    const call = CANONICAL_UUID.test(req.params.callId) ? calls.get(req.params.callId.toLowerCase()) : undefined;
    if (call === undefined) {
      sendError(res, 404, 'call_not_found', 'No call exists with the given ID.');
      return;
    }
    res.json(callResponse(call, now()));
  });

  app.use((req, res) => {
    sendError(res, 404, 'not_found', 'No resource exists at this path.');
  });

  // Four parameters mark this as Express's error handler. body-parser's errors carry a `type`.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    switch (err.type) {
      case 'entity.parse.failed':
        sendError(res, 400, 'malformed_json', 'The request body is not valid JSON.');
        return;
      case 'entity.too.large':
        sendError(res, 413, 'payload_too_large', `The request body is larger than the limit of ${MAX_BODY_BYTES} bytes.`);
        return;
      case 'charset.unsupported':
      case 'encoding.unsupported':
        sendError(res, 415, 'unsupported_media_type', 'The request body must be JSON encoded as UTF-8.', {
          field: 'Content-Type',
        });
        return;
      case 'request.aborted':
        sendError(res, 400, 'incomplete_body', 'The request body ended before its declared length.');
        return;
      default: {
        const errorId = randomUUID();
        req.log.error({ err, errorId }, 'Request failed');
        sendError(res, 500, 'internal_error', 'An internal error occurred.', { errorId });
      }
    }
  });

  return app;
}

module.exports = { createApp, maskPhoneNumber, simulatedStatus };
