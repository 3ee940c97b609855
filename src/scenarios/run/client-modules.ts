/**
 * The user's own code as a scenario client (issue #13 §1). A client module is a JavaScript or
 * TypeScript file (or, in a TypeScript-object scenario, a value) that provides exactly one of:
 * - `createClient(config)`: builds the app's own `KMSClient` from kmsim's client config (region,
 *   endpoint, dummy credentials and the in-process request handler), with whatever else the app sets;
 * - `retryStrategy`: a `RetryStrategyV2` (or a function returning a fresh one) given to a kmsim-built client;
 * - `workload(call)`: a whole app function, called once per workload call with kmsim's client
 *   config and the call's resolved names, doing whatever the app does (its own client, its own
 *   retry wrapper). Its rejection is the call's error; its attempts are the requests it sent.
 * A file may export these by name or as its default export (an object with one of them).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import type { RetryStrategyV2 } from '@smithy/types';

/** What a workload function is handed for one call; ids are the world's real ARNs and ids. */
export interface AppCall {
  /** The scenario client's name. */
  readonly client: string;
  readonly operation: string;
  /** Config for `new KMSClient(...)` that reaches this run's simulator: spread it and add your own settings. */
  readonly clientConfig: KMSClientConfig;
  readonly keyId?: string | undefined;
  readonly destinationKeyId?: string | undefined;
  readonly keyStoreId?: string | undefined;
  readonly plaintext?: Uint8Array | undefined;
  /** Decrypt and ReEncrypt: the ciphertext made before the run. */
  readonly ciphertext?: Uint8Array | undefined;
  readonly encryptionContext?: Readonly<Record<string, string>> | undefined;
}

/**
 * What a workload function may return: for Encrypt / GenerateDataKey*, the SDK output (its
 * `CiphertextBlob` joins the nothing-lost check); for Decrypt, its `Plaintext` is compared.
 */
export interface AppCallResult {
  readonly CiphertextBlob?: Uint8Array | undefined;
  readonly Plaintext?: Uint8Array | undefined;
}

export interface ClientModule {
  readonly createClient?: (config: KMSClientConfig) => KMSClient;
  readonly retryStrategy?: RetryStrategyV2 | (() => RetryStrategyV2);
  readonly workload?: (call: AppCall) => Promise<unknown>;
}

/**
 * A client module that cannot be used: the user's input, reported as one line (not a simulator
 * bug). `path` is the scenario field that names the module (`clients[0].module`), when known, so
 * the message can name the file's line and field like a load problem.
 */
export class ClientModuleError extends Error {
  override readonly name = 'ClientModuleError';

  constructor(
    message: string,
    readonly path?: readonly (string | number)[],
  ) {
    super(message);
  }
}

export const CLIENT_MODULE_FORMS = ['createClient', 'retryStrategy', 'workload'] as const;

/** The single form a module provides, or a message saying what is wrong with it. */
export function clientModuleForm(
  value: unknown,
): { ok: true; module: ClientModule } | { ok: false; message: string } {
  if (!value || (typeof value !== 'object' && typeof value !== 'function'))
    return { ok: false, message: 'is not an object' };
  const candidate = value as Record<string, unknown>;
  const present = CLIENT_MODULE_FORMS.filter((form) => candidate[form] !== undefined);
  if (present.length === 0 && candidate['default'] !== undefined)
    return clientModuleForm(candidate['default']);
  if (present.length !== 1)
    return {
      ok: false,
      message:
        present.length === 0
          ? `exports none of ${CLIENT_MODULE_FORMS.join(', ')} (it must export exactly one)`
          : `exports ${present.join(' and ')} (it must export exactly one)`,
    };
  const form = present[0]!;
  const member = candidate[form];
  if (form === 'retryStrategy') {
    const strategy = typeof member === 'function' ? (member as () => unknown)() : member;
    const methods = ['acquireInitialRetryToken', 'refreshRetryTokenForRetry', 'recordSuccess'];
    if (
      !strategy ||
      typeof strategy !== 'object' ||
      methods.some((m) => typeof (strategy as Record<string, unknown>)[m] !== 'function')
    )
      return {
        ok: false,
        message: `retryStrategy is not a RetryStrategyV2 (it needs ${methods.join(', ')})`,
      };
    return { ok: true, module: { retryStrategy: member as ClientModule['retryStrategy'] } };
  }
  if (typeof member !== 'function') return { ok: false, message: `${form} is not a function` };
  return { ok: true, module: { [form]: member } as ClientModule };
}

/** What an import threw, in words: a module may throw anything, not only an Error. */
function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : `it threw ${String(error)}`;
}

/**
 * Imports a module file. Node 20 cannot import TypeScript, so a `.ts` / `.mts` file is transpiled
 * with the `typescript` package into a sibling temporary `.mjs` (so its own imports resolve as they
 * would from the original), imported, and removed.
 */
export async function importClientModule(path: string): Promise<unknown> {
  if (!existsSync(path)) throw new ClientModuleError(`module ${path}: no such file`);
  const extension = extname(path);
  if (extension !== '.ts' && extension !== '.mts')
    return import(pathToFileURL(path).href).catch((error: unknown) => {
      throw new ClientModuleError(`module ${path} failed to load: ${reasonOf(error)}`);
    });
  let typescript: typeof import('typescript');
  try {
    typescript = (await import('typescript')).default;
  } catch {
    throw new ClientModuleError(
      `module ${path}: a TypeScript module needs the 'typescript' package installed (or give a .js/.mjs file)`,
    );
  }
  const output = typescript.transpileModule(readFileSync(path, 'utf8'), {
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
    },
    fileName: path,
  }).outputText;
  const temporary = join(dirname(path), `.kmsim-${process.pid}-${basename(path)}.mjs`);
  writeFileSync(temporary, output);
  try {
    return await import(pathToFileURL(temporary).href);
  } catch (error) {
    throw new ClientModuleError(`module ${path} failed to load: ${reasonOf(error)}`);
  } finally {
    rmSync(temporary, { force: true });
  }
}
