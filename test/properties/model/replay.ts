/**
 * Seeds and replays for the property tests (ARCHITECTURE convention 2: seed printed first, a
 * one-line reproduce command on failure). The fast-check seed comes from KMSIM_PROPERTY_SEED (a
 * fixed default keeps CI reproducible); KMSIM_PROPERTY_PATH and KMSIM_PROPERTY_REPLAY (the
 * `replayPath` of `fc.commands`) replay one failing case.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_260_101;

export const propertySeed = Number(process.env.KMSIM_PROPERTY_SEED ?? DEFAULT_SEED);
export const replayedPath = process.env.KMSIM_PROPERTY_PATH;
export const commandsReplayPath = process.env.KMSIM_PROPERTY_REPLAY;

export function seedLine(): string {
  const parts = [
    `SEED=${propertySeed}`,
    replayedPath ? `PATH=${replayedPath}` : '',
    commandsReplayPath ? `REPLAY=${commandsReplayPath}` : '',
  ];
  return `${parts.filter(Boolean).join(' ')} (KMSIM_PROPERTY_SEED / _PATH / _REPLAY)`;
}

/** The reproduce command for a fast-check failure report; `testName` narrows vitest to one test. */
export function reproduceLine(report: string, testFile: string, testName?: string): string {
  const failedPath = /path: "([^"]*)"/.exec(report)?.[1];
  const commandsReplay = /replayPath="([^"]*)"/.exec(report)?.[1];
  const variables = [
    `KMSIM_PROPERTY_SEED=${propertySeed}`,
    failedPath ? `KMSIM_PROPERTY_PATH=${failedPath}` : '',
    commandsReplay ? `KMSIM_PROPERTY_REPLAY=${commandsReplay}` : '',
  ];
  const filter = testName ? ` -t '${testName.replace(/'/g, "'\\''")}'` : '';
  return `${variables.filter(Boolean).join(' ')} npx vitest run ${testFile}${filter}`;
}

/**
 * fc.assert with the run's seed (and the replayed path, if any), rethrowing a failure with the
 * reproduce line first.
 */
export async function assertProperty<T>(
  property: fc.IAsyncProperty<T>,
  numRuns: number,
  testFile: string,
  testName?: string,
): Promise<void> {
  try {
    await fc.assert(property, {
      seed: propertySeed,
      numRuns,
      ...(replayedPath ? { path: replayedPath, endOnFailure: true } : {}),
    });
  } catch (error) {
    const report = (error as Error).message;
    throw new Error(`Reproduce: ${reproduceLine(report, testFile, testName)}\n${report}`, {
      cause: error,
    });
  }
}
