// The Connection doctor's data-port requests and events (issue #14), joined into the data port's
// one schema (lib/protocol/data.ts). Kept apart so data.ts stays about history and settings.
import * as v from 'valibot';
import type { BugReportInput, CanarySnapshot, SelfTestReport, StepProgress } from './doctor';

const REQUEST_ID = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
const request = <T extends string>(type: T) => v.strictObject({ type: v.literal(type), requestId: REQUEST_ID });

export const DOCTOR_REQUESTS = [
  /** Runs every step; `doctor-step` events go to the asking port, then the report is the result. */
  request('doctor-self-test'),
  /** What the bug report is built from; the page writes the Markdown (shown in full before copying; nothing is sent anywhere). */
  request('doctor-bug-report'),
  request('doctor-canary'),
  /** The user looked at the canary: the header indicator clears. */
  request('doctor-canary-seen'),
] as const;

export interface DoctorResults {
  'doctor-self-test': SelfTestReport;
  'doctor-bug-report': BugReportInput;
  'doctor-canary': CanarySnapshot;
  'doctor-canary-seen': null;
}

export type DoctorEvent =
  /** One self-test step started or finished (only to the port that asked, tagged with its requestId). */
  | { type: 'doctor-step'; requestId: string; progress: StepProgress }
  /** The canary caught a new shape, or the user looked: open panels update their indicator. */
  | { type: 'canary-changed'; unseen: number };
