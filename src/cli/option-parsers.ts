/**
 * Parsers for command-line option values, shared by every command. Each throws commander's
 * InvalidArgumentError with a message that says what a valid value looks like; commander names
 * the flag and the bad value in front of it, and main.ts turns it into exit code 2.
 */
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected an integer from 0 to 65535 (0 picks a free port)');
  }
  return port;
}

export function parseTimeScale(value: string): number {
  const scale = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(scale) || scale < 0) {
    throw new InvalidArgumentError(
      'expected a number >= 0 (virtual ms per wall ms; 0 freezes time)',
    );
  }
  return scale;
}

export function parseSeed(value: string): number {
  const seed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError('expected a non-negative integer');
  }
  return seed;
}

export function parseHost(value: string): string {
  if (value.trim() === '' || /\s/.test(value)) {
    throw new InvalidArgumentError('expected a host name or IP address, e.g. 127.0.0.1');
  }
  return value;
}

/** Trace events a server keeps in memory: a whole number from 0 (keep none) to 10,000,000. */
export function parseTraceEvents(value: string): number {
  const events = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(events) || events > 10_000_000) {
    throw new InvalidArgumentError('expected a whole number of events from 0 to 10000000');
  }
  return events;
}
