// The playground emulator (tests/emulator/server.ts, owned by another engineer), typed here
// against its published API and loaded lazily so the harness compiles before it lands.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, E2E_PORT } from './paths';

export type EmulatorMode = 'ws' | 'era-a' | 'era-b' | 'era-c';

export interface EmulatorLogEntry {
  t: number;
  kind: 'http' | 'upgrade' | 'ws-in' | 'ws-out' | 'ws-close';
  method?: string;
  path?: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
  frame?: unknown;
  status?: number;
}

export interface EmulatorOptions {
  port?: number;
  mode?: EmulatorMode;
  faults?: string[];
  tokenDelayMs?: number;
}

export interface Emulator {
  origin: string;
  port: number;
  log: EmulatorLogEntry[];
  configure(patch: Partial<EmulatorOptions>): void;
  clearLog(): void;
  waitFor(pred: (entry: EmulatorLogEntry) => boolean, timeoutMs?: number): Promise<EmulatorLogEntry>;
  close(): Promise<void>;
}

interface EmulatorModule {
  startEmulator(options: EmulatorOptions): Promise<Emulator>;
}

/** Starts the emulator on 8787 (the e2e build's origin) unless told otherwise. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const file = path.join(ROOT, 'tests/emulator/server.ts');
  let mod: EmulatorModule;
  try {
    mod = (await import(pathToFileURL(file).href)) as EmulatorModule;
  } catch (error) {
    throw new Error(`The emulator is not available (${file}): ${String(error)}`);
  }
  return mod.startEmulator({ port: E2E_PORT, mode: 'ws', ...options });
}

/** The emulator's default answer for a prompt. */
export function defaultAnswer(prompt: string): string {
  return `Hello! You said: ${prompt}`;
}

/** Header lookup that tolerates Node's lower-casing and array values. */
export function header(entry: EmulatorLogEntry | undefined, name: string): string | undefined {
  const value = entry?.headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
