// The options page's Connection doctor over the data port (issue #14). Apart from doctor-client.ts,
// which the side panel loads too, so only the options page carries this and the bug report
// builder (issue #16).
import type { DoctorApi } from '@/lib/protocol/doctor';
import { buildBugReport, environment } from './bug-report';
import type { DataClient } from './data-client';

export interface PageDoctor extends DoctorApi {
  markCanarySeen(): Promise<void>;
}

export function portDoctor(data: DataClient): PageDoctor {
  return {
    async runSelfTest(onStep) {
      // Step events carry the request's id; only this page's port gets them, and one test runs at a
      // time per page (the button is disabled meanwhile), so every doctor-step here is ours.
      const stop = data.on((event) => {
        if (event.type === 'doctor-step') onStep(event.progress);
      });
      try {
        return await data.request('doctor-self-test');
      } finally {
        stop();
      }
    },
    // The background hands over what it recorded (already redacted); the Markdown is written here.
    bugReport: async () => buildBugReport({ ...(await data.request('doctor-bug-report')), env: environment() }),
    canary: () => data.request('doctor-canary'),
    markCanarySeen: () => data.request('doctor-canary-seen').then(() => undefined),
  };
}
