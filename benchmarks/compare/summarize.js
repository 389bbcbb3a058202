'use strict';

// Prints the summary of benchmarks/compare/run.sh: the machine, the raw figures of every run, the median of each
// ratio with its per-run values, and the log line counts.
//
// Usage: node summarize.js machine.txt results.tsv log-lines.txt

const fs = require('node:fs');

const [machineFile, resultsFile, logLinesFile] = process.argv.slice(2);
if (logLinesFile === undefined) {
  console.error('Usage: node summarize.js machine.txt results.tsv log-lines.txt');
  process.exit(2);
}

const SERVERS = ['voice-bridge', 'bare', 'node-peer'];
const SCENARIOS = ['post-admitted', 'get-admitted', 'post-rejected', 'get-rejected'];

/** Parses one results.tsv line. Its last column contains the key=value pairs of requests.lua's RESULT line. */
function parseRow(line) {
  const [phase, run, order, server, scenario, result] = line.split('\t');
  const fields = Object.fromEntries(result.split(' ').map((pair) => pair.split('=')));
  return {
    phase,
    run: Number(run),
    order,
    server,
    scenario,
    requests: Number(fields.requests),
    rps: Number(fields.rps),
    p99Ms: Number(fields.p99_us) / 1000,
    unexpected: Number(fields.unexpected),
    statuses: fields.statuses,
    socketErrors: Number(fields.socket_errors),
    valid: fields.valid === 'yes',
  };
}

const rows = fs
  .readFileSync(resultsFile, 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map(parseRow);
const measured = rows.filter((row) => row.phase === 'run');
const runs = [...new Set(measured.map((row) => row.run))].sort((a, b) => a - b);

function find(run, server, scenario) {
  return measured.find((row) => row.run === run && row.server === server && row.scenario === scenario);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function pad(text, width) {
  return String(text).padEnd(width);
}

function printRawFigures() {
  console.log('Raw figures: requests per second / p99 latency (ms); ! marks a run flagged invalid');
  console.log(`${pad('run', 4)}${pad('scenario', 15)}${SERVERS.map((server) => pad(server, 22)).join('')}order`);
  for (const run of runs) {
    for (const scenario of SCENARIOS) {
      const cells = SERVERS.map((server) => {
        const row = find(run, server, scenario);
        if (row === undefined) {
          return pad('-', 22);
        }
        return pad(`${Math.round(row.rps)} / ${row.p99Ms.toFixed(2)}${row.valid ? '' : ' !'}`, 22);
      });
      const order = SERVERS.map((server) => find(run, server, scenario))
        .find((row) => row !== undefined)?.order;
      console.log(`${pad(run, 4)}${pad(scenario, 15)}${cells.join('')}${order ?? ''}`);
    }
  }
}

/**
 * Prints the median of one ratio over the runs in which both figures are valid, its per-run values and whether it
 * meets the target. A target is { atLeast } or { atMost }, or null for a reference figure.
 */
function printRatio(label, numerator, denominator, metric, target) {
  const values = [];
  let skipped = 0;
  for (const run of runs) {
    const top = find(run, numerator.server, numerator.scenario);
    const bottom = find(run, denominator.server, denominator.scenario);
    if (top === undefined || bottom === undefined) {
      continue;
    }
    if (!top.valid || !bottom.valid) {
      skipped += 1;
      continue;
    }
    values.push(top[metric] / bottom[metric]);
  }
  if (values.length === 0) {
    console.log(`  ${pad(label, 46)} no valid run`);
    return;
  }
  const value = median(values);
  let verdict = '';
  if (target?.atLeast !== undefined) {
    verdict = `target >= ${target.atLeast.toFixed(2)}: ${value >= target.atLeast ? 'met' : 'NOT met'}`;
  } else if (target?.atMost !== undefined) {
    verdict = `target <= ${target.atMost.toFixed(2)}: ${value <= target.atMost ? 'met' : 'NOT met'}`;
  }
  const perRun = values.map((v) => v.toFixed(2)).join(' ');
  const skippedNote = skipped > 0 ? ` (${skipped} run(s) left out as invalid)` : '';
  console.log(`  ${pad(label, 46)} ${pad(value.toFixed(2), 6)} ${pad(`[${perRun}]`, 34)} ${verdict}${skippedNote}`);
}

function printRatios() {
  console.log(`Ratios: median over ${runs.length} run(s), per-run values in brackets; throughput is requests per`);
  console.log('second, p99 is the 99th percentile latency (lower is better).');

  console.log('a. voice-bridge with the layer / bare voice-bridge');
  for (const scenario of ['post-admitted', 'get-admitted']) {
    const top = { server: 'voice-bridge', scenario };
    const bottom = { server: 'bare', scenario };
    printRatio(`${scenario} throughput`, top, bottom, 'rps', { atLeast: 0.9 });
    printRatio(`${scenario} p99`, top, bottom, 'p99Ms', null);
  }

  console.log('b. voice-bridge / node-peer');
  for (const scenario of ['post-admitted', 'get-admitted']) {
    const top = { server: 'voice-bridge', scenario };
    const bottom = { server: 'node-peer', scenario };
    printRatio(`${scenario} throughput`, top, bottom, 'rps', { atLeast: 2 });
    printRatio(`${scenario} p99`, top, bottom, 'p99Ms', { atMost: 1 });
  }

  console.log('c. rejection (429, one client over its limit) / admission, on the same server');
  for (const server of ['voice-bridge', 'node-peer']) {
    for (const method of ['post', 'get']) {
      const top = { server, scenario: `${method}-rejected` };
      const bottom = { server, scenario: `${method}-admitted` };
      const reference = server === 'node-peer';
      const suffix = reference ? ' (reference)' : '';
      printRatio(`${server} ${method} throughput${suffix}`, top, bottom, 'rps', reference ? null : { atLeast: 1 });
      printRatio(`${server} ${method} p99${suffix}`, top, bottom, 'p99Ms', reference ? null : { atMost: 1 });
    }
  }
}

function printFlags() {
  const flagged = rows.filter((row) => !row.valid);
  if (flagged.length === 0) {
    console.log('Status check: every run got only the expected status and no socket errors.');
    return;
  }
  console.log('Status check: these runs are flagged invalid and left out of the ratios:');
  for (const row of flagged) {
    console.log(
      `  ${row.phase} ${row.run} ${row.scenario} ${row.server}: statuses ${row.statuses}, ` +
        `${row.unexpected} unexpected, ${row.socketErrors} socket errors`,
    );
  }
}

/**
 * Warns where a server's throughput in run 1 is more than 10 % below the median of its later runs, a sign that
 * the warm-up was too short. It needs at least three runs.
 */
function printWarmUpCheck() {
  if (runs.length < 3) {
    return;
  }
  const slow = [];
  for (const server of SERVERS) {
    for (const scenario of SCENARIOS) {
      const first = find(runs[0], server, scenario);
      const later = runs
        .slice(1)
        .map((run) => find(run, server, scenario))
        .filter((row) => row !== undefined && row.valid);
      if (first === undefined || !first.valid || later.length === 0) {
        continue;
      }
      const laterMedian = median(later.map((row) => row.rps));
      if (first.rps < 0.9 * laterMedian) {
        slow.push(`${server} ${scenario} (${Math.round(first.rps)} against ${Math.round(laterMedian)} requests/s)`);
      }
    }
  }
  if (slow.length === 0) {
    console.log('Warm-up check: no server was more than 10 % slower in run 1 than in its later runs.');
    return;
  }
  console.log('Warm-up check: run 1 was more than 10 % slower than the median of the later runs for');
  for (const line of slow) {
    console.log(`  ${line}`);
  }
  console.log('  so WARMUP may be too short for this machine, or its load changed during the run.');
}

function printRequestTotals() {
  console.log('Requests completed by wrk, warm-up included (compare with the log lines below):');
  for (const server of SERVERS) {
    const own = rows.filter((row) => row.server === server);
    const total = own.reduce((sum, row) => sum + row.requests, 0);
    const accepted = own.reduce((sum, row) => sum + Number((row.statuses.match(/(?:^|,)202:(\d+)/) ?? [0, 0])[1]), 0);
    console.log(`  ${server}: ${total} requests, ${accepted} of them 202`);
  }
}

console.log(fs.readFileSync(machineFile, 'utf8').trim());
console.log('');
printRawFigures();
console.log('');
printRatios();
console.log('');
printFlags();
printWarmUpCheck();
console.log('');
printRequestTotals();
console.log(fs.readFileSync(logLinesFile, 'utf8').trim());
