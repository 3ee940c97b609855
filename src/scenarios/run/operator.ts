/**
 * The operator: real SDK clients (in-process, one attempt each) that build the scenario's world and
 * perform timeline actions through the same APIs a person would use, plus the CloudHSM CLI step
 * (activate-cluster) as a control action.
 *
 * While `onTheWire` is set (a run sets it for the world it builds before time 0, when nothing else
 * is in flight) the world-building requests go straight to the simulator instead (operator-wire.ts);
 * inside the run they go through the SDK, whose asynchronous steps decide how an operator's
 * request interleaves with the clients' requests of the same instant.
 */
import type { CloudHSMV2Client } from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  CreateAliasCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { Simulator } from '../../simulator.js';
import { cloudHsmSdk } from '../../transport/lazy-sdk.js';
import { createCloudHsmClient, createKmsClient } from '../../transport/sdk-clients.js';
import type { SimEndpoint } from '../../transport/sim-endpoint.js';
import { sendOnTheWire, type WireService } from './operator-wire.js';

/** Any PEM-armoured certificate is accepted by the simulated cluster (docs/fidelity.md). */
export const SCENARIO_TRUST_ANCHOR =
  '-----BEGIN CERTIFICATE-----\nkmsim scenario trust anchor\n-----END CERTIFICATE-----\n';

export class Operator {
  /** Send world-building requests straight to the simulator (see the file comment). */
  onTheWire = false;
  private kmsClient: KMSClient | undefined;
  private hsmClient: CloudHSMV2Client | undefined;

  /** `endpoint` is what the SDK clients talk to: the simulator, or a recording view of it. */
  constructor(
    readonly sim: Simulator,
    private readonly endpoint: SimEndpoint = sim,
  ) {}

  /** The operator's KMS client, built on first use. */
  get kms(): KMSClient {
    // Handler chain resolved once per command class (docs/fidelity.md "Resolved middleware").
    this.kmsClient ??= createKmsClient(this.endpoint, { maxAttempts: 1, cacheMiddleware: true });
    return this.kmsClient;
  }

  /** The operator's CloudHSM v2 client, built on first use (its SDK is loaded then, sdk-clients.ts). */
  get hsm(): CloudHSMV2Client {
    this.hsmClient ??= createCloudHsmClient(this.endpoint, { maxAttempts: 1 });
    return this.hsmClient;
  }

  /**
   * Whether this request may skip the SDK: only while building, and never past a connection fault
   * rule in force (one that has run its duration or count meets no request, as in nothing-lost.ts).
   */
  private get direct(): boolean {
    return (
      this.onTheWire &&
      this.endpoint === this.sim &&
      !this.sim.world.clientNetwork.faults.anyInForce(this.sim.nowMs)
    );
  }

  /**
   * One request: straight to the simulator while building (`direct`, see the file comment), else
   * through the SDK. The wire's JSON output has the SDK output's members, so callers read either
   * alike; only blobs (base64 text on the wire) and timestamps differ, and callers that read them
   * (`encrypt`) do not use this.
   */
  private async request<Output extends object>(
    service: WireService,
    operation: string,
    input: Readonly<Record<string, unknown>>,
    viaSdk: () => Promise<Output>,
  ): Promise<Output> {
    if (!this.direct) return viaSdk();
    return (await sendOnTheWire(this.sim, service, operation, input)) as Output;
  }

  /** `a` → `us-east-1a`; full names pass through. */
  zone(az: string): string {
    return az.length === 1 ? `${this.sim.region}${az}` : az;
  }

  /** One subnet per AZ of the default VPC (issue #2 §3). */
  subnetIds(): string[] {
    return [...this.sim.world.network.subnets.values()]
      .filter((subnet) => !subnet.deleted)
      .map((subnet) => subnet.subnetId);
  }

  async createCluster(sourceBackupId?: string): Promise<string> {
    // Member order as sent: this CloudHSM SDK writes the input's own order, the KMS one its model's.
    const input = {
      HsmType: 'hsm1.medium',
      SubnetIds: this.subnetIds(),
      SourceBackupId: sourceBackupId,
    };
    const created = await this.request('cloudhsmv2', 'CreateCluster', input, () =>
      this.hsm.send(new (cloudHsmSdk().CreateClusterCommand)(input)),
    );
    return created.Cluster!.ClusterId!;
  }

  async createHsm(clusterId: string, az: string): Promise<string> {
    const input = { ClusterId: clusterId, AvailabilityZone: this.zone(az) };
    const created = await this.request('cloudhsmv2', 'CreateHsm', input, () =>
      this.hsm.send(new (cloudHsmSdk().CreateHsmCommand)(input)),
    );
    return created.Hsm!.HsmId!;
  }

  async deleteHsmIn(clusterId: string, az: string): Promise<void> {
    const zone = this.zone(az);
    const hsm = [...(this.sim.world.clusters.get(clusterId)?.hsms.values() ?? [])].find(
      (candidate) => candidate.availabilityZone === zone,
    );
    if (!hsm) throw new Error(`no HSM in ${zone} of cluster ${clusterId}`);
    await this.hsm.send(
      new (cloudHsmSdk().DeleteHsmCommand)({ ClusterId: clusterId, HsmId: hsm.hsmId }),
    );
  }

  async initializeAndActivate(clusterId: string, kmsuserPassword: string): Promise<void> {
    const input = {
      ClusterId: clusterId,
      SignedCert: SCENARIO_TRUST_ANCHOR,
      TrustAnchor: SCENARIO_TRUST_ANCHOR,
    };
    await this.request('cloudhsmv2', 'InitializeCluster', input, () =>
      this.hsm.send(new (cloudHsmSdk().InitializeClusterCommand)(input)),
    );
    this.sim.advanceMs(this.sim.world.timings.clusterInitializeMs);
    this.sim.activateCluster(clusterId, kmsuserPassword);
  }

  async createCustomKeyStore(
    name: string,
    clusterId: string,
    keyStorePassword: string,
  ): Promise<string> {
    const input = {
      CustomKeyStoreName: name,
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: SCENARIO_TRUST_ANCHOR,
      KeyStorePassword: keyStorePassword,
    };
    const created = await this.request('kms', 'CreateCustomKeyStore', input, () =>
      this.kms.send(new CreateCustomKeyStoreCommand(input)),
    );
    return created.CustomKeyStoreId!;
  }

  async connectCustomKeyStore(customKeyStoreId: string): Promise<void> {
    const input = { CustomKeyStoreId: customKeyStoreId };
    await this.request('kms', 'ConnectCustomKeyStore', input, () =>
      this.kms.send(new ConnectCustomKeyStoreCommand(input)),
    );
  }

  async disconnectCustomKeyStore(customKeyStoreId: string): Promise<void> {
    const input = { CustomKeyStoreId: customKeyStoreId };
    await this.request('kms', 'DisconnectCustomKeyStore', input, () =>
      this.kms.send(new DisconnectCustomKeyStoreCommand(input)),
    );
  }

  /** CreateKey with a description, in the custom key store if one is named; the new key's id. */
  async createKey(description: string, customKeyStoreId?: string): Promise<string> {
    const input = {
      Description: description,
      ...(customKeyStoreId !== undefined
        ? { Origin: 'AWS_CLOUDHSM' as const, CustomKeyStoreId: customKeyStoreId }
        : {}),
    };
    const created = await this.request('kms', 'CreateKey', input, () =>
      this.kms.send(new CreateKeyCommand(input)),
    );
    return created.KeyMetadata!.KeyId!;
  }

  async createAlias(aliasName: string, targetKeyId: string): Promise<void> {
    const input = { AliasName: aliasName, TargetKeyId: targetKeyId };
    await this.request('kms', 'CreateAlias', input, () =>
      this.kms.send(new CreateAliasCommand(input)),
    );
  }

  async disableKey(keyId: string): Promise<void> {
    const input = { KeyId: keyId };
    await this.request('kms', 'DisableKey', input, () =>
      this.kms.send(new DisableKeyCommand(input)),
    );
  }

  /** Encrypt `plaintext` under `keyId`; the ciphertext blob (bytes from the SDK, base64 on the wire). */
  async encrypt(
    keyId: string,
    plaintext: Uint8Array,
    encryptionContext: Record<string, string> | undefined,
  ): Promise<Uint8Array> {
    const input = { KeyId: keyId, Plaintext: plaintext, EncryptionContext: encryptionContext };
    if (this.direct) {
      const out = await sendOnTheWire(this.sim, 'kms', 'Encrypt', input);
      return new Uint8Array(Buffer.from(out.CiphertextBlob as string, 'base64'));
    }
    const sealed = await this.kms.send(new EncryptCommand(input));
    return sealed.CiphertextBlob!;
  }
}
