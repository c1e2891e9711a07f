// Unguessable tokens. Hex of crypto.getRandomValues bytes: every byte maps to two digits, so there
// is no modulo bias (a byte % 36 favours the first 4 digits of a base-36 alphabet).

/** `bytes` random bytes as 2 × bytes lowercase hex digits (16 bytes = 128 bits). */
export function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
