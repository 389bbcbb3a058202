'use strict';

// Validation of the POST /calls/outbound body, ported from voice-bridge's OutboundCallRequest and
// SipUriValidator so that both services accept and reject the same values.

const net = require('node:net');

const E164 = /^\+[1-9][0-9]{7,14}$/;

// Longest SIP URI accepted, so a huge value is rejected before the regular expression runs.
const SIP_URI_MAX_LENGTH = 512;

// A %-escape of any byte except the control characters %00 to %1F and %7F.
const ESCAPED = '%(?:[2-68-9A-Fa-f][0-9A-Fa-f]|7[0-9A-Ea-e])';
const USER = `(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|${ESCAPED})+`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TOP_LABEL = '[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const DOMAIN = `(?:${LABEL}\\.)*${TOP_LABEL}\\.?`;
const IPV4 = '[0-9]{1,3}(?:\\.[0-9]{1,3}){3}';
const IPV6 = '\\[[0-9A-Fa-f:.]+\\]';
const PARAMETER_CHARS = `(?:[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]|${ESCAPED})+`;
const PARAMETER = `;${PARAMETER_CHARS}(?:=${PARAMETER_CHARS})?`;
// Node 20 has no inline (?i:...) group, so the scheme spells out both letter cases.
const SIP_URI = new RegExp(
  `^[Ss][Ii][Pp][Ss]?:${USER}@(?<host>${DOMAIN}|${IPV4}|${IPV6})(?::(?<port>[0-9]{1,5}))?(?:${PARAMETER})*$`,
);
const IPV4_ONLY = new RegExp(`^${IPV4}$`);

const KNOWN_FIELDS = ['from', 'to'];


/** Returns whether `value` is a SIP or SIPS URI with a user and a host, as voice-bridge's @SipUri requires. */
function isSipUri(value) {
  if (value.length > SIP_URI_MAX_LENGTH) {
    return false;
  }
  const match = SIP_URI.exec(value);
  if (match === null) {
    return false;
  }
  return isValidHost(match.groups.host) && isValidPort(match.groups.port);
}

function isValidHost(host) {
  if (host.startsWith('[')) {
    const address = host.slice(1, -1);
    return address.includes(':') && net.isIPv6(address);
  }
  if (IPV4_ONLY.test(host)) {
    return net.isIPv4(host);
  }
  return host.length <= 253;
}

function isValidPort(port) {
  if (port === undefined) {
    return true;
  }
  const number = Number.parseInt(port, 10);
  return number >= 1 && number <= 65535;
}

const RULES = {
  from: {
    test: isSipUri,
    message: 'must be a sip: or sips: URI with a user and a host, such as sip:agent@sip.example.com',
  },
  to: {
    test: (value) => E164.test(value),
    message: 'must be an E.164 phone number: + followed by 8 to 15 digits, the first not 0',
  },
};

/**
 * Checks a parsed request body and returns the first violation as `{ field, message }`, or null when the body
 * is valid. The checks run in voice-bridge's order: unknown fields and JSON types first, then the rules.
 */
function validateOutboundCall(body) {
  if (typeof body !== 'object' || Array.isArray(body)) {
    return { field: 'body', message: 'body must be an object.' };
  }
  for (const name of Object.keys(body)) {
    if (!KNOWN_FIELDS.includes(name)) {
      return { field: name, message: `${name} is not a known field; known fields are ${KNOWN_FIELDS.join(', ')}.` };
    }
  }
  for (const name of KNOWN_FIELDS) {
    if (body[name] !== undefined && body[name] !== null && typeof body[name] !== 'string') {
      return { field: name, message: `${name} must be a string.` };
    }
  }
  // Like voice-bridge, report the violation whose field name sorts first when several fields break a rule.
  for (const name of KNOWN_FIELDS) {
    if (body[name] === undefined || body[name] === null) {
      return { field: name, message: `${name} is required.` };
    }
    if (!RULES[name].test(body[name])) {
      return { field: name, message: `${name} ${RULES[name].message}.` };
    }
  }
  return null;
}

module.exports = { isSipUri, validateOutboundCall };
