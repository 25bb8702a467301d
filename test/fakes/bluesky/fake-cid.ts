import { createHash } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A real CIDv1 (dag-cbor codec 0x71, sha2-256 multihash) in multibase base32 — the client checks
 * every `cid` field of a response against the lexicon `cid` format, so a made-up string fails.
 * The hash is over the JSON text, not DAG-CBOR: unique and well-formed is all the fake needs.
 */
export function fakeCid(content: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(content)).digest();
  const bytes = Buffer.concat([Buffer.from([0x01, 0x71, 0x12, 0x20]), digest]);
  return 'b' + base32(bytes);
}

/** A CIDv1 for a blob's bytes (raw codec 0x55, sha2-256), as a PDS names uploaded blobs. */
export function fakeBlobCid(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  return 'b' + base32(Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), digest]));
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}
