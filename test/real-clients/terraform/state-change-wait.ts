/**
 * How Terraform's waiters poll (terraform-plugin-sdk v2 `helper/retry` StateChangeConf, the one the
 * AWS provider's CloudHSM v2 waiters use), replayed in virtual time:
 * - first wait `Delay`, then refresh at once;
 * - after each refresh that is not the target, the wait doubles from 100 ms and is then bounded:
 *   below `MinTimeout` it becomes `MinTimeout`, above 10 s it becomes 10 s (so with the provider's
 *   30 s MinTimeout the waits alternate 30 s, 10 s, 30 s, ...);
 * - a refresh that finds nothing ends the wait when the target is "gone" (empty target list);
 * - a state in neither list fails with "unexpected state '<s>', wanted target '<t>'".
 * The facts were read from the SDK's state.go; this code is ours.
 */

export interface Refreshed<T> {
  /** Undefined when the resource was not found. */
  readonly value: T | undefined;
  readonly state: string;
}

export interface WaitConf<T> {
  readonly pending: readonly string[];
  /** Empty: wait until the resource is gone. */
  readonly target: readonly string[];
  readonly refresh: () => Promise<Refreshed<T>>;
  readonly delaySeconds: number;
  readonly minTimeoutSeconds: number;
  readonly timeoutSeconds: number;
  /** Moves virtual time on (the replay's `time.Sleep`). */
  readonly sleep: (seconds: number) => Promise<void>;
}

const NOT_FOUND_CHECKS = 20;
const MAX_WAIT_SECONDS = 10;

export async function waitForState<T>(conf: WaitConf<T>): Promise<T | undefined> {
  await conf.sleep(conf.delaySeconds);
  let elapsed = conf.delaySeconds;
  let wait = 0;
  let notFound = 0;
  for (;;) {
    if (wait > 0) {
      await conf.sleep(wait);
      elapsed += wait;
    } else wait = 0.1;
    if (elapsed > conf.delaySeconds + conf.timeoutSeconds)
      throw new Error(`timeout while waiting for state to become '${conf.target.join(', ')}'`);
    const { value, state } = await conf.refresh();
    if (value === undefined) {
      if (conf.target.length === 0) return undefined;
      if (++notFound > NOT_FOUND_CHECKS)
        throw new Error(`couldn't find resource (${notFound} retries)`);
    } else {
      notFound = 0;
      if (conf.target.includes(state)) return value;
      if (!conf.pending.includes(state))
        throw new Error(`unexpected state '${state}', wanted target '${conf.target.join(', ')}'`);
    }
    wait *= 2;
    if (wait < conf.minTimeoutSeconds) wait = conf.minTimeoutSeconds;
    else if (wait > MAX_WAIT_SECONDS) wait = MAX_WAIT_SECONDS;
  }
}
