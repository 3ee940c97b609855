/**
 * Every identifier the world hands out (key ids, key store ids, cluster/HSM/backup/ENI ids, request
 * ids, IP addresses) comes from here, from one labelled random stream per kind, so the same seed
 * and the same calls always give the same ids. Formats follow docs/behaviour.md §2.1 and §2.5.
 */
import type { RandomStream } from './random.js';

const HEX = '0123456789abcdef';
/** CloudHSM ids are `<prefix>-[2-7a-zA-Z]{11,16}`; real ones are 11 lower-case base32 characters. */
const CLOUDHSM_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Character codes of the hex digits. */
const HEX_CODES: readonly number[] = Array.from(HEX, (char) => char.charCodeAt(0));

/** The code of the hex digit for bits `shift..shift+3` of `value`. */
function digit(value: number, shift: number): number {
  return HEX_CODES[(value >>> shift) & 0xf] as number;
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
   * A v4 UUID from 16 bytes of the kind's stream (the same bytes `bytes(16)` gives, each byte's
   * high digit first), formatted straight from its four words as one flat string: no byte array
   * and no chain of concatenations per request id (issue #12).
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
    const dash = 0x2d;
    // biome-ignore format: four digits to a row, as the UUID groups them
    return String.fromCharCode(
      digit(w0, 4), digit(w0, 0), digit(w0, 12), digit(w0, 8),
      digit(w0, 20), digit(w0, 16), digit(w0, 28), digit(w0, 24), dash,
      digit(w1, 4), digit(w1, 0), digit(w1, 12), digit(w1, 8), dash,
      digit(b6, 4), digit(b6, 0), digit(w1, 28), digit(w1, 24), dash,
      digit(b8, 4), digit(b8, 0), digit(w2, 12), digit(w2, 8), dash,
      digit(w2, 20), digit(w2, 16), digit(w2, 28), digit(w2, 24),
      digit(w3, 4), digit(w3, 0), digit(w3, 12), digit(w3, 8),
      digit(w3, 20), digit(w3, 16), digit(w3, 28), digit(w3, 24),
    );
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
