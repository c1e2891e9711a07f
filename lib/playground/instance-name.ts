// Names of agents instances. Anyone who knows a name can read that instance's transcript over HTTP
// (GET /agents/playground/<name>/get-messages, docs/playground-protocol.md#server-transcript), so a name is a
// password: 22 symbols of a 64-symbol alphabet = 132 random bits (at least 122 asked), each symbol
// from the low 6 bits of one random byte (256 is a multiple of 64: no modulo bias), and no product
// prefix that would tell a scanner which names are FlareChat's.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const INSTANCE_NAME_LENGTH = 22;

export function newInstanceName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(INSTANCE_NAME_LENGTH));
  let name = '';
  for (const byte of bytes) name += ALPHABET[byte & 63];
  return name;
}
