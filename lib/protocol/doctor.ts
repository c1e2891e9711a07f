// Connection doctor (issue #14): the shapes pages and the background share for the self-test, the
// protocol canary and the bug report. Plain data only, so a page can render them and the lead can
// carry them over the data port without the page importing lib/background or lib/playground.

/** The self-test's steps, in the order they run. The names are stable automation hooks (`data-step`). */
export const SELF_TEST_STEPS = [
  'page', // the playground page is reachable and not behind a check
  'socket', // the agents WebSocket upgrades, through the same relay the chat uses
  'frames', // identity and state frames arrive
  'models', // rpc getModels answers (and how many text models)
  'chat', // a one-token chat with the lightest model: a REAL request
  'http-models', // GET /api/models (Eras A–B)
  'http-inference', // POST /api/inference (Eras A–C)
  'header-rules', // the Origin/Referer session rules are installed
  'clearance', // a clearance cookie rides along (inferred from behaviour, never read)
] as const;
export type SelfTestStep = (typeof SELF_TEST_STEPS)[number];

export type StepStatus = 'pass' | 'fail' | 'skipped';

export interface StepResult {
  step: SelfTestStep;
  status: StepStatus;
  /** Wall time of the step, ms (0 when skipped). */
  ms: number;
  /** Short technical text (English, for bug reports): statuses, counts, frame types; never conversation text. */
  evidence: string;
}

/** A step as the UI shows it while the test runs. */
export type StepProgress = StepResult | { step: SelfTestStep; status: 'running' };

export type WireTransport = 'socket' | 'http' | 'tab' | 'none';
export type ProtocolEra = 'A' | 'B' | 'C' | 'D' | 'unknown';

export interface SelfTestVerdict {
  /** What the playground speaks today, as far as the test could tell. */
  transport: WireTransport;
  era: ProtocolEra;
  /** What FlareChat will use for the next answer. */
  flarechat: WireTransport;
  /** One English sentence for the bug report. */
  summary: string;
}

export interface SelfTestReport {
  startedAt: number;
  steps: StepResult[];
  verdict: SelfTestVerdict;
}

// ---- Protocol canary ----------------------------------------------------------------------------

/** What a parser met and did not recognise. */
export const CANARY_KINDS = [
  'ws-frame', // an agents frame type
  'ui-chunk', // a UI-message chunk type (Era C SSE or Era D frame body)
  'rpc-reply', // an rpc reply of an unexpected shape
  'datastream-line', // an Era B line code
  'sse-event', // an SSE event of neither Era A nor Era C
  'http-format', // a response body format the sniffer cannot place
  'model-row', // a model list of an unexpected shape
] as const;
export type CanaryKind = (typeof CANARY_KINDS)[number];

export interface CanaryRecord {
  kind: CanaryKind;
  /** Dedup key: the structure (keys, type names), never values. */
  shape: string;
  /** The first sample of this shape, redacted (strings → lengths) and truncated. */
  sample: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

export interface CanarySnapshot {
  records: CanaryRecord[];
  /** Shapes first seen since the user last looked. */
  unseen: number;
}

// ---- Error log ----------------------------------------------------------------------------------

export interface LoggedError {
  at: number;
  /** A FlareChat error code (lib/playground/events.ts ERROR_CODES). */
  code: string;
  transport?: string;
  era?: ProtocolEra;
  status?: number;
  /** The server's message with user text removed. */
  message: string;
}

// ---- What the Connection section needs from the background ---------------------------------------

/** The Connection doctor's seam as the Connection section sees it (lib/pages/doctor-client.ts). */
export interface DoctorApi {
  /** Runs every step in order; `onStep` sees each step as `running`, then its result. */
  runSelfTest(onStep: (progress: StepProgress) => void): Promise<SelfTestReport>;
  /** The Markdown bug report (includes the last self-test, if any). */
  bugReport(): Promise<string>;
  canary(): Promise<CanarySnapshot>;
}

/**
 * What the background keeps for the bug report, all of it redacted where it was recorded. The
 * options page turns it into Markdown (lib/pages/bug-report.ts), so the service worker does not
 * carry the report builder (issue #16).
 */
export interface BugReportInput {
  /** The last self-test, if one ran. */
  selfTest?: SelfTestReport;
  errors: LoggedError[];
  canary: CanaryRecord[];
}
