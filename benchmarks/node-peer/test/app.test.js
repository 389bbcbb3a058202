'use strict';

const assert = require('node:assert/strict');
const { after, before, beforeEach, describe, it } = require('node:test');
const pino = require('pino');
const { createApp, maskPhoneNumber } = require('../app');
const { isSipUri } = require('../validation');

const VALID_CALL = { to: '+254712345678', from: 'sip:test@easymo' };

let server;
let baseUrl;
let clock;
let nextClient = 1;

// Every test uses client addresses of its own, so the rate limits of one test never reach another.
function newClientIp() {
  nextClient += 1;
  return `203.0.113.${nextClient}`;
}

function post(body, { clientIp = newClientIp(), contentType = 'application/json' } = {}) {
  const headers = { 'X-Forwarded-For': clientIp };
  if (contentType !== null) {
    headers['Content-Type'] = contentType;
  }
  return fetch(`${baseUrl}/calls/outbound`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

before(async () => {
  clock = { nowMs: Date.parse('2026-12-04T10:00:00Z') };
  const app = createApp({ logger: pino({ level: 'silent' }), now: () => clock.nowMs });
  server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  clock.nowMs = Date.parse('2026-12-04T10:00:00Z');
});

describe('POST /calls/outbound', () => {
  it('places a valid call', async () => {
    const response = await post(VALID_CALL);
    assert.equal(response.status, 202);
    const call = await response.json();
    assert.match(call.callId, /^[0-9a-f-]{36}$/);
    assert.equal(call.status, 'queued');
    assert.equal(call.to, VALID_CALL.to);
    assert.equal(call.from, VALID_CALL.from);
    assert.equal(call.createdAt, '2026-12-04T10:00:00.000Z');
    assert.equal(response.headers.get('location'), `/calls/${call.callId}`);
    assert.equal(response.headers.get('x-ratelimit-limit'), '10');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '9');
    assert.match(response.headers.get('x-correlation-id'), /^[0-9a-f-]{36}$/);
  });

  const invalidBodies = [
    ['missing from', { to: '+254712345678' }, 422, 'invalid_field', 'from'],
    ['missing to', { from: 'sip:test@easymo' }, 422, 'invalid_field', 'to'],
    ['to without +', { to: '254712345678', from: 'sip:test@easymo' }, 422, 'invalid_field', 'to'],
    ['to too short', { to: '+1234567', from: 'sip:test@easymo' }, 422, 'invalid_field', 'to'],
    ['to as a number', { to: 254712345678, from: 'sip:test@easymo' }, 422, 'invalid_field', 'to'],
    ['from not SIP', { to: '+254712345678', from: 'mailto:a@b.example' }, 422, 'invalid_field', 'from'],
    ['unknown field', { ...VALID_CALL, tag: 'x' }, 422, 'invalid_field', 'tag'],
    ['array body', '[1]', 422, 'invalid_field', 'body'],
    ['JSON null', 'null', 400, 'missing_body', undefined],
    ['broken JSON', '{"to":', 400, 'malformed_json', undefined],
  ];
  for (const [name, body, status, error, field] of invalidBodies) {
    it(`rejects ${name}`, async () => {
      const response = await post(body);
      assert.equal(response.status, status);
      const payload = await response.json();
      assert.equal(payload.error, error);
      assert.equal(payload.field, field);
      assert.ok(payload.message.endsWith('.'), payload.message);
    });
  }

  it('rejects a non-JSON content type', async () => {
    const response = await post('to=%2B254712345678', { contentType: 'application/x-www-form-urlencoded' });
    assert.equal(response.status, 415);
    assert.equal((await response.json()).error, 'unsupported_media_type');
  });

  it('rejects a body over 64 KiB', async () => {
    const response = await post({ to: '+254712345678', from: `sip:${'a'.repeat(70000)}@easymo` });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).error, 'payload_too_large');
  });

  it('rejects the 11th call in a minute', async () => {
    const clientIp = newClientIp();
    for (let i = 0; i < 10; i++) {
      assert.equal((await post(VALID_CALL, { clientIp })).status, 202);
    }
    const rejected = await post(VALID_CALL, { clientIp });
    assert.equal(rejected.status, 429);
    assert.equal(rejected.headers.get('retry-after'), '60');
    assert.equal(rejected.headers.get('x-ratelimit-remaining'), '0');
    const body = await rejected.json();
    assert.equal(body.error, 'rate_limit_exceeded');
    assert.equal(body.message, 'Too many requests, please try again later');
    assert.equal(body.retryAfter, 60);
    assert.equal(body.correlationId, rejected.headers.get('x-correlation-id'));
  });

  it('counts each X-Forwarded-For client separately', async () => {
    const clientIp = newClientIp();
    for (let i = 0; i < 10; i++) {
      await post(VALID_CALL, { clientIp });
    }
    assert.equal((await post(VALID_CALL, { clientIp })).status, 429);
    assert.equal((await post(VALID_CALL, { clientIp: newClientIp() })).status, 202);
  });
});

describe('GET /calls/:callId', () => {
  it('reports the status from the elapsed time', async () => {
    const { callId } = await (await post(VALID_CALL)).json();
    const expected = [
      [1999, 'queued'],
      [2000, 'ringing'],
      [6000, 'in-progress'],
      [36000, 'completed'],
    ];
    const placedAt = clock.nowMs;
    for (const [elapsedMs, status] of expected) {
      clock.nowMs = placedAt + elapsedMs;
      const response = await fetch(`${baseUrl}/calls/${callId}`, { headers: { 'X-Forwarded-For': newClientIp() } });
      assert.equal(response.status, 200);
      assert.equal((await response.json()).status, status, `after ${elapsedMs} ms`);
    }
  });

  it('returns 404 for an unknown or malformed ID', async () => {
    for (const id of ['6f1c7a52-5d0e-4b8e-9a41-0c2f7d9e8b13', '1-1-1-1-1']) {
      const response = await fetch(`${baseUrl}/calls/${id}`, { headers: { 'X-Forwarded-For': newClientIp() } });
      assert.equal(response.status, 404);
      assert.equal((await response.json()).error, 'call_not_found');
    }
  });
});

describe('helpers', () => {
  it('masks a phone number', () => {
    assert.equal(maskPhoneNumber('+254712345678'), '+**********78');
  });

  const sipUris = [
    ['sip:agent@sip.example.com:5060;transport=tcp', true],
    ['SIPS:agent@[2001:db8::1]', true],
    ['sip:agent@192.0.2.1', true],
    ['sip:agent@999.0.2.1', false],
    ['sip:agent@example.com:0', false],
    ['sip:@example.com', false],
    ['sip:agent@example.123', false],
    ['sip:a%00b@example.com', false],
    ['sip:agent@example.com?subject=x', false],
  ];
  for (const [uri, valid] of sipUris) {
    it(`${valid ? 'accepts' : 'rejects'} ${uri}`, () => {
      assert.equal(isSipUri(uri), valid);
    });
  }
});
