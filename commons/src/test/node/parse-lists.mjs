// Parses HTTP field values as Structured Field Lists (RFC 9651) with the structured-headers package, so that
// tests can compare another implementation's result with their own parser's.
//
// Input on stdin: a JSON array of field values. Output on stdout: a JSON array with, for each value in order,
// {"list": [...]} or {"error": "<message>"}. A member is an Item [bareItem, parameters] or an Inner List
// [[items...], parameters], and parameters are [[key, bareItem], ...] in order. Integers, Decimals, Strings and
// Booleans are JSON values; JavaScript numbers do not tell 1.0 from 1, so Decimals are compared by value. Tokens,
// Byte Sequences (base64), Dates (epoch seconds) and Display Strings are {"__type": "token" | "binary" | "date" |
// "displaystring", "value": ...}, the notation of the httpwg structured-field-tests.
import { parseList, Token, DisplayString } from 'structured-headers';

function bareItem(value) {
  if (value instanceof Token) {
    return { __type: 'token', value: value.toString() };
  }
  if (value instanceof DisplayString) {
    return { __type: 'displaystring', value: value.toString() };
  }
  if (value instanceof Date) {
    return { __type: 'date', value: value.getTime() / 1000 };
  }
  if (value instanceof ArrayBuffer) {
    return { __type: 'binary', value: Buffer.from(value).toString('base64') };
  }
  return value;
}

function parameters(map) {
  return [...map.entries()].map(([key, value]) => [key, bareItem(value)]);
}

function member([value, params]) {
  if (Array.isArray(value)) {
    return [value.map(member), parameters(params)];
  }
  return [bareItem(value), parameters(params)];
}

function parse(fieldValue) {
  try {
    return { list: parseList(fieldValue).map(member) };
  } catch (error) {
    return { error: error.message };
  }
}

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const fieldValues = JSON.parse(Buffer.concat(chunks).toString('utf8'));
process.stdout.write(JSON.stringify(fieldValues.map(parse)) + '\n');
