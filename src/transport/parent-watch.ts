/**
 * Stop when the process that started us is gone (issue #9 §3: stopping `npx kmsim serve` or
 * `npx kmsim exec` leaves no orphan node process).
 *
 * `npx kmsim ...` runs `npm exec` → `sh -c kmsim ...` → node. A SIGTERM to npx ends npm and the
 * shell, but neither passes it on to node, which is then re-parented and would listen forever.
 * So, when started by npm (which sets `npm_command` in the environment), the server watches its
 * parent and the parent's parent, and stops as if signalled when either disappears. Started any
 * other way (a service manager, `kmsim serve &` in a shell) it keeps running as asked.
 *
 * Polls with an unref'd timer (this file is in transport/: real timers are allowed here), reading
 * /proc for the grandparent where it exists.
 */
import { readFileSync } from 'node:fs';

/** How often to look, in wall ms. */
const POLL_MS = 500;

/** The parent pid of `pid` from /proc/<pid>/stat, or undefined where /proc is not available. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when npm (npx, npm exec, npm run) started this process. */
export function startedByNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return typeof env['npm_command'] === 'string' && env['npm_command'] !== '';
}

/**
 * Calls `onGone` once when the parent (or, under npm, the grandparent) goes away. Returns a
 * function that stops watching.
 */
export function watchParent(onGone: (why: string) => void): () => void {
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  let done = false;
  const timer = setInterval(() => {
    if (done) return;
    let why: string | undefined;
    if (process.ppid !== parent) why = `parent process ${parent} exited`;
    else if (grandparent !== undefined && grandparent > 1 && !alive(grandparent))
      why = `process ${grandparent} (npm) exited`;
    if (why === undefined) return;
    done = true;
    clearInterval(timer);
    onGone(why);
  }, POLL_MS);
  timer.unref();
  return () => {
    done = true;
    clearInterval(timer);
  };
}
