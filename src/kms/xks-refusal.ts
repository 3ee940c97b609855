/**
 * External key stores are a later phase (docs/behaviour.md §9). Their settings are refused with a clear message
 * rather than accepted and ignored.
 */
import { KmsError } from './errors.js';

const XKS_MEMBERS = [
  'XksProxyUriEndpoint',
  'XksProxyUriPath',
  'XksProxyVpcEndpointServiceName',
  'XksProxyVpcEndpointServiceOwner',
  'XksProxyAuthenticationCredential',
  'XksProxyConnectivity',
] as const;

export function refuseXksSettings(
  input: Partial<Record<(typeof XKS_MEMBERS)[number], unknown>>,
  customKeyStoreType: string | undefined,
): void {
  if (customKeyStoreType === 'EXTERNAL_KEY_STORE') {
    throw new KmsError(
      'UnsupportedOperationException',
      'kmsim does not emulate external key stores (EXTERNAL_KEY_STORE).',
    );
  }
  const named = XKS_MEMBERS.filter((member) => input[member] !== undefined);
  if (named.length > 0) {
    throw new KmsError(
      'ValidationException',
      `${named.join(', ')} can be used only with custom key stores of type EXTERNAL_KEY_STORE.`,
    );
  }
}
