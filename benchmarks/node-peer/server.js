'use strict';

// Starts the Node.js peer of voice-bridge. Environment variables:
//   HOST      address to listen on (default 127.0.0.1)
//   PORT      port to listen on (default 3002)
//   LOG_FILE  file for the JSON access and application log, one event per line (default: standard output)
//   LOG_LEVEL pino level (default info)

const pino = require('pino');
const { createApp } = require('./app');

const host = process.env.HOST || '127.0.0.1';
const port = Number.parseInt(process.env.PORT || '3002', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid PORT '${process.env.PORT}': expected an integer from 0 to 65535.`);
  process.exit(2);
}

// Asynchronous writes (sync: false) are pino's documented choice for throughput; pino flushes them on exit.
const destination = pino.destination({ dest: process.env.LOG_FILE || 1, sync: false, mkdir: true });
const logger = pino({ level: process.env.LOG_LEVEL || 'info' }, destination);

const server = createApp({ logger }).listen(port, host, () => {
  const address = server.address();
  logger.info({ host: address.address, port: address.port }, 'Listening');
});
server.on('error', (err) => {
  logger.fatal({ err }, 'Server failed');
  destination.flushSync();
  process.exit(1);
});

function stop(signal) {
  logger.info({ signal }, 'Stopping');
  server.close(() => {
    destination.flushSync();
    process.exit(0);
  });
  // Keep-alive connections would hold server.close open, so close idle ones now and the rest after 5 seconds.
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
  }, 5000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
