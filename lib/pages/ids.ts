// Request ids for the port protocol: [A-Za-z0-9_-], from crypto.getRandomValues.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export function randomId(length = 21): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = '';
  // 64 symbols: the low 6 bits of each byte map uniformly onto the alphabet.
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

export const newRequestId = (): string => `r_${randomId()}`;
