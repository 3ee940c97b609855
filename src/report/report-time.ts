/**
 * Virtual times as a runbook shows them: `+1m30s` from the scenario's start, durations as `2m0s`,
 * milliseconds only when there are some (`+7m20.009s`). Integer arithmetic and fixed formats, so
 * the same trace always gives the same text.
 */

/** `2m0s`, `1h5m0s`, `45s`, `0.250s`, `7m20.009s`. */
export function formatDuration(ms: number): string {
  const whole = Math.round(Math.abs(ms));
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const millis = whole % 60_000;
  const seconds = Math.floor(millis / 1000);
  const fraction = millis % 1000;
  const secondsText =
    fraction === 0 ? `${seconds}s` : `${seconds}.${String(fraction).padStart(3, '0')}s`;
  const text =
    hours > 0
      ? `${hours}h${minutes}m${secondsText}`
      : minutes > 0
        ? `${minutes}m${secondsText}`
        : secondsText;
  return ms < 0 ? `-${text}` : text;
}

/** A point in the run relative to the scenario's start: `+1m30s` (or `-2m0s` during setup). */
export function formatAt(relativeMs: number): string {
  return relativeMs < 0 ? formatDuration(relativeMs) : `+${formatDuration(relativeMs)}`;
}
