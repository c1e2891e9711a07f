// The Connection doctor's data-port requests (issue #14; lib/protocol/doctor-requests.ts), beside
// data-handlers.ts. Self-test progress goes to the asking port only, as `doctor-step` events.
import type { DataRequest, DataResults, DataServerMessage } from '@/lib/protocol/data';
import type { DoctorResults } from '@/lib/protocol/doctor-requests';
import type { BackgroundDoctor } from './doctor/service';

export interface DoctorHandlerDeps {
  /** Absent in tests and builds without a doctor: its requests then fail with a clear error. */
  doctor?: BackgroundDoctor;
  /** Posts an event to the port that sent the request being served. */
  reply?: (message: DataServerMessage) => void;
}

type DoctorType = keyof DoctorResults;
type Handler<K extends DoctorType> = (request: Extract<DataRequest, { type: K }>, deps: DoctorHandlerDeps) => Promise<DataResults[K]>;

function need(deps: DoctorHandlerDeps): BackgroundDoctor {
  if (!deps.doctor) throw new Error('The connection doctor is not available.');
  return deps.doctor;
}

export const DOCTOR_HANDLERS: { [K in DoctorType]: Handler<K> } = {
  'doctor-self-test': (r, deps) => need(deps).runSelfTest((progress) => deps.reply?.({ type: 'doctor-step', requestId: r.requestId, progress })),
  'doctor-bug-report': (_r, deps) => need(deps).bugReportInput(),
  'doctor-canary': (_r, deps) => need(deps).canary(),
  'doctor-canary-seen': (_r, deps) => need(deps).markCanarySeen().then(() => null),
};
