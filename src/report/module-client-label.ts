/**
 * How reports name a client that is the user's own code (issue #13 §1): by its module file and
 * form, since its retry mode and attempt limit are whatever that code does. The facts come from
 * the `metrics.total` trace event; `kmsim run`'s METRICS lines and the charts use the same words.
 */

/** Which of the user's modules a client is, as the metrics record it. */
export interface ModuleClientFacts {
  readonly form: 'createClient' | 'retryStrategy' | 'workload';
  /** The module file's name, or null for a module given as a value (TypeScript-object scenario). */
  readonly file: string | null;
}

const FORMS: ReadonlySet<unknown> = new Set(['createClient', 'retryStrategy', 'workload']);

/** Whether a trace value is module facts (a trace read back from a file is not trusted blindly). */
export function isModuleClientFacts(value: unknown): value is ModuleClientFacts {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return (
    FORMS.has(candidate['form']) &&
    (candidate['file'] === null || typeof candidate['file'] === 'string')
  );
}

/** `retryStrategy from retry-invalid-state.mjs`, or `workload module value`. */
export function moduleClientLabel(module: ModuleClientFacts): string {
  return module.file === null
    ? `${module.form} module value`
    : `${module.form} from ${module.file}`;
}
