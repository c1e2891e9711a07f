// The playground origin, inlined at build time. WXT_PLAYGROUND_ORIGIN points builds at the local
// emulator (tests, `npm start`); it is never a runtime message field (confused-deputy guard: no
// message can change the host we send the user's cookies to).
export const PLAYGROUND_ORIGIN: string =
  import.meta.env.WXT_PLAYGROUND_ORIGIN || 'https://playground.ai.cloudflare.com';

export const DEFAULT_MODEL = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
