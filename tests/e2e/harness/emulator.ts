// The playground emulator (tests/emulator/, another engineer's): started per e2e file on 8787,
// the origin the e2e build was compiled against.
import { startEmulator as start, type Emulator, type EmulatorOptions, type LogEntry } from '../../emulator/server';
import { E2E_PORT } from './paths';

export type { Emulator, EmulatorOptions, LogEntry as EmulatorLogEntry, EmulatorMode, Fault } from '../../emulator/server';

/** Starts the emulator on 8787 in ws mode unless told otherwise. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return start({ port: E2E_PORT, mode: 'ws', ...options });
}

/** The emulator's default answer for a prompt. */
export function defaultAnswer(prompt: string): string {
  return `Hello! You said: ${prompt}`;
}

/** Header lookup (the emulator lowercases names). */
export function header(entry: LogEntry | undefined, name: string): string | undefined {
  return entry?.headers[name.toLowerCase()];
}
