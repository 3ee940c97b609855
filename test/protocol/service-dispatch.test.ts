/**
 * The shared front door (src/protocol/service-dispatch.ts): an operation kmsim does not serve is
 * UnknownOperationException with a message naming it (issue #10), so "not served" cannot be
 * mistaken for a routing bug; a target with an unknown prefix names the target.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator.js';

async function call(sim: Simulator, target: string, host?: string) {
  const response = await sim.handleWire({
    target,
    body: '{}',
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    host,
  });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe('protocol: dispatch of operations kmsim does not serve', () => {
  it('protocol: dispatch: a KMS operation of the model that kmsim does not serve names itself', async () => {
    const sim = new Simulator({ seed: 1 });
    expect(await call(sim, 'TrentService.ImportKeyMaterial')).toEqual({
      status: 400,
      body: {
        __type: 'UnknownOperationException',
        message: 'kmsim does not serve the KMS operation ImportKeyMaterial.',
      },
    });
  });

  it('protocol: dispatch: a name that is no operation at all is answered the same way, naming it', async () => {
    const sim = new Simulator({ seed: 1 });
    const answer = await call(sim, 'TrentService.MakeCoffee');
    expect(answer.body['message']).toBe('kmsim does not serve the KMS operation MakeCoffee.');
  });

  it('protocol: dispatch: CloudHSM v2 names its own service (a name the model does not have: every CloudHSM v2 model operation is answered)', async () => {
    const sim = new Simulator({ seed: 1 });
    expect(await call(sim, 'BaldrApiService.DescribeHsms')).toEqual({
      status: 400,
      body: {
        __type: 'UnknownOperationException',
        message: 'kmsim does not serve the CloudHSMV2 operation DescribeHsms.',
      },
    });
  });

  it('protocol: dispatch: an unknown target prefix quotes the target; a missing one says so', async () => {
    const sim = new Simulator({ seed: 1 });
    expect((await call(sim, 'Nonsense.Encrypt')).body).toEqual({
      __type: 'UnknownOperationException',
      message:
        'kmsim does not serve the target Nonsense.Encrypt: it names neither TrentService (KMS) nor BaldrApiService (CloudHSM v2).',
    });
    expect((await call(sim, '')).body).toEqual({
      __type: 'UnknownOperationException',
      message:
        'kmsim could not route this request: the X-Amz-Target header names no KMS operation.',
    });
  });
});
