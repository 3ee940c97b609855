/**
 * The AWS SDK packages, loaded on first use (issue #12): the CloudHSM v2 SDK is the older SDK
 * generation with its own credential chain (STS, SSO, an XML parser), about 130 ms of a process's
 * start, and most runs never call CloudHSM through the SDK; the scenario loader needs either SDK only
 * for a file with `call:` steps. Both are CommonJS packages without an `exports` map, so require()
 * returns the very module objects that an `import` of them gives the rest of kmsim.
 */
import { createRequire } from 'node:module';

type KmsSdk = typeof import('@aws-sdk/client-kms');
type CloudHsmSdk = typeof import('@aws-sdk/client-cloudhsm-v2');

const requireModule = createRequire(import.meta.url);

/** @aws-sdk/client-kms, loaded on first use. */
export function kmsSdk(): KmsSdk {
  return requireModule('@aws-sdk/client-kms') as KmsSdk;
}

/** @aws-sdk/client-cloudhsm-v2, loaded on first use. */
export function cloudHsmSdk(): CloudHsmSdk {
  return requireModule('@aws-sdk/client-cloudhsm-v2') as CloudHsmSdk;
}
