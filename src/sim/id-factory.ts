/**
 * Every identifier the world hands out (key ids, key store ids, cluster/HSM/backup/ENI ids, request
 * ids, IP addresses) comes from here, from one labelled random stream per kind, so the same seed
 * and the same calls always give the same ids. Formats follow docs/behaviour.md §2.1 and §2.5.
 */
import { byteHex } from './byte-hex.js';
import type { RandomStream } from './random.js';

const HEX = '0123456789abcdef';
/** CloudHSM ids are `<prefix>-[2-7a-zA-Z]{11,16}`; real ones are 11 lower-case base32 characters. */
const CLOUDHSM_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A word's four bytes, lowest first, as hex. */
function wordHex(word: number): string {
  return `${byteHex(word)}${byteHex(word >>> 8)}${byteHex(word >>> 16)}${byteHex(word >>> 24)}`;
}

export class IdFactory {
  private readonly streams = new Map<string, RandomStream>();

  constructor(private readonly random: RandomStream) {}

  private stream(kind: string): RandomStream {
    let stream = this.streams.get(kind);
    if (!stream) {
      stream = this.random.fork(`ids/${kind}`);
      this.streams.set(kind, stream);
    }
    return stream;
  }

  /**
   * A v4 UUID from 16 bytes of the kind's stream (the same bytes `bytes(16)` gives), formatted
   * straight from its four words: no byte array per request id (issue #12).
   */
  private uuid(kind: string): string {
    const stream = this.stream(kind);
    const w0 = stream.word();
    const w1 = stream.word();
    const w2 = stream.word();
    const w3 = stream.word();
    // Bytes 6 and 8 carry the version (4) and the variant (10xx), docs/behaviour.md §2.2.
    const b6 = (((w1 >>> 16) & 0x0f) | 0x40) & 0xff;
    const b8 = ((w2 & 0x3f) | 0x80) & 0xff;
    return `${wordHex(w0)}-${byteHex(w1)}${byteHex(w1 >>> 8)}-${byteHex(b6)}${byteHex(w1 >>> 24)}-${byteHex(b8)}${byteHex(w2 >>> 8)}-${byteHex(w2 >>> 16)}${byteHex(w2 >>> 24)}${wordHex(w3)}`;
  }

  /** KMS key id: a v4 UUID (docs/behaviour.md §2.2). */
  keyId(): string {
    return this.uuid('key');
  }

  /** `x-amzn-RequestId` header value: a UUID (docs/behaviour.md §1.2). */
  requestId(): string {
    return this.uuid('request');
  }

  /** Custom key store id: `cks-` + 17 hex characters (docs/behaviour.md §2.1). */
  customKeyStoreId(): string {
    return `cks-${this.stream('cks').chars(HEX, 17)}`;
  }

  clusterId(): string {
    return `cluster-${this.stream('cluster').chars(CLOUDHSM_ID_ALPHABET, 11)}`;
  }

  hsmId(): string {
    return `hsm-${this.stream('hsm').chars(CLOUDHSM_ID_ALPHABET, 11)}`;
  }

  backupId(): string {
    return `backup-${this.stream('backup').chars(CLOUDHSM_ID_ALPHABET, 11)}`;
  }

  eniId(): string {
    return `eni-${this.stream('eni').chars(HEX, 17)}`;
  }

  securityGroupId(): string {
    return `sg-${this.stream('sg').chars(HEX, 17)}`;
  }

  vpcId(): string {
    return `vpc-${this.stream('vpc').chars(HEX, 17)}`;
  }

  subnetId(): string {
    return `subnet-${this.stream('subnet').chars(HEX, 17)}`;
  }

  /** KMS grant id: 64 hex characters, like the API reference's example (issue #10). */
  grantId(): string {
    return this.stream('grant').chars(HEX, 64);
  }

  /**
   * KMS grant token: opaque, long, base64url-like, unique per CreateGrant call (API reference,
   * CreateGrant Name). kmsim knows every token it issued.
   */
  grantToken(): string {
    return this.stream('grant-token').chars(
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
      200,
    );
  }

  /** A key handle inside a virtual HSM, as CloudHSM shows it (a small integer). */
  keyHandle(): number {
    return this.stream('handle').intBetween(262_145, 16_777_215);
  }

  /** A password KMS picks when it rotates `kmsuser` at connect (docs/behaviour.md §4.3). */
  kmsuserPassword(): string {
    return this.stream('kmsuser-password').chars(
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      32,
    );
  }
}
