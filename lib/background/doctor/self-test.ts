// The connection self-test (issue #14): an ordered list of steps, each a function of injected
// probes, so the logic is unit-tested without a network (tests/unit/background/doctor/) and the
// real probes (probes.ts) stay thin. A step that needs an earlier one that failed is `skipped`
// with the reason; the verdict names what the playground speaks and what FlareChat will use.
import { SELF_TEST_STEPS, type SelfTestReport, type SelfTestStep, type StepProgress, type StepResult } from '@/lib/protocol/doctor';
import type { ChatProbe } from '@/lib/playground/chat-probe';
import type { ClearanceProbe, HeaderRulesProbe, HttpProbe, ModelsRouteProbe, SocketSessionProbe } from '@/lib/playground/diagnostics';
import { BUNDLED_MODELS } from '@/lib/playground/models';
import { lightestModel, verdictOf, type Facts } from './verdict';
import { redactMessage, stripUrls } from '@/lib/playground/redact';

export interface DoctorProbes {
  page(): Promise<HttpProbe>;
  socketSession(): Promise<SocketSessionProbe>;
  chat(transport: 'socket' | 'http', model: string): Promise<ChatProbe>;
  modelsRoute(): Promise<ModelsRouteProbe>;
  inferenceRoute(): Promise<HttpProbe>;
  headerRules(): Promise<HeaderRulesProbe>;
  clearance(): Promise<ClearanceProbe>;
  /** Where the socket lives, for evidence ("offscreen relay", "background page"). */
  socketLabel: string;
  now?: () => number;
}


type Outcome = { status: 'pass' | 'fail'; evidence: string };

interface StepDef {
  step: SelfTestStep;
  /** Earlier steps this one cannot run without. */
  needs: SelfTestStep[];
  run(probes: DoctorProbes, facts: Facts, results: ReadonlyMap<SelfTestStep, StepResult>): Outcome | Promise<Outcome>;
}

const pass = (evidence: string): Outcome => ({ status: 'pass', evidence });
const fail = (evidence: string): Outcome => ({ status: 'fail', evidence });
const MAX_EVIDENCE = 240;

/** `HTTP 403, challenge page: "Forbidden origin"` — the facts of one HTTP answer. */
export function describeHttp(probe: HttpProbe): string {
  if (probe.status === 0) return `no response (${probe.error ?? 'network error'})`;
  const parts = [`HTTP ${probe.status}`];
  if (probe.challenge) parts.push('challenge page');
  else if (probe.format && probe.format !== 'empty' && probe.status !== 200) parts.push(probe.format);
  const text = probe.text ? `: "${probe.text}"` : '';
  return `${parts.join(', ')}${text}`;
}

const refusedWithoutCheck = (probe: HttpProbe) => probe.status === 403 && !probe.challenge;

const STEPS: StepDef[] = [
  {
    step: 'page',
    needs: [],
    async run(probes, facts) {
      const page = (facts.page = await probes.page());
      if (page.challenge) return fail(`behind a check: ${describeHttp(page)}; open the playground in a tab and pass it`);
      if (refusedWithoutCheck(page)) return fail(`refused without a challenge: ${describeHttp(page)} (Origin or IP policy)`);
      if (page.status >= 200 && page.status < 400) return pass(describeHttp(page));
      return fail(describeHttp(page));
    },
  },
  {
    step: 'socket',
    needs: [],
    async run(probes, facts) {
      const session = (facts.session = await probes.socketSession());
      if (session.opened) return pass(`upgraded through the ${probes.socketLabel}${session.onThread ? ' (on its socket thread)' : ''}`);
      return fail(`closed ${session.closeCode ?? 1006} before open through the ${probes.socketLabel}: refused (route gone, blocked, or a check)`);
    },
  },
  {
    step: 'frames',
    needs: ['socket'],
    run(_probes, facts) {
      const session = facts.session!;
      const seen = session.frameTypes.length > 0 ? session.frameTypes.slice(0, 6).join(' → ') : 'no frames';
      if (!session.state) return fail(`no cf_agent_state frame; got ${seen}`);
      return pass(`${session.identity ? 'identity and state' : 'state (no identity frame: an older server)'}; ${seen}`);
    },
  },
  {
    step: 'models',
    needs: ['socket'],
    run(_probes, facts) {
      const models = facts.session!.models;
      if (!models.ok) return fail(`rpc getModels: ${models.error}`);
      if (models.textModels === 0) return fail(`rpc getModels answered ${models.rows} rows, none of them text generation`);
      return pass(`rpc getModels: ${models.textModels} text models of ${models.rows} rows`);
    },
  },
  {
    step: 'chat',
    needs: ['page'],
    async run(probes, facts, results) {
      const transport = results.get('socket')?.status === 'pass' ? 'socket' : 'http';
      const session = facts.session;
      // Over HTTP (Eras A–B) the models route says what this playground serves; the bundled table
      // is the last guess. Read once: the http-models step reuses it.
      if (!session?.models.ok && transport === 'http') facts.modelsRoute ??= await probes.modelsRoute();
      const listed = facts.modelsRoute?.ids?.length ? facts.modelsRoute.ids : undefined;
      const ids = session?.models.ok ? session.models.ids : listed ?? BUNDLED_MODELS.map((m) => m.id);
      const model = (facts.chatModel = lightestModel(ids));
      const chat = (facts.chat = await probes.chat(transport, model));
      const where = `real request to ${model} via ${chat.transport}`;
      if (chat.ok) return pass(`${where}: answered (${chat.chars} chars), Era ${chat.era}`);
      const status = chat.status ? ` HTTP ${chat.status}` : '';
      return fail(`${where}: ${chat.code ?? 'error'}${status}: ${redactMessage(chat.error ?? '')}`);
    },
  },
  {
    step: 'http-models',
    needs: [],
    async run(probes, facts) {
      const route = (facts.modelsRoute ??= await probes.modelsRoute());
      const what = `GET /api/models: ${describeHttp(route)}`;
      if (route.status === 200 && (route.textModels ?? 0) > 0) return pass(`${what}, ${route.textModels} text models (Eras A–B)`);
      if (route.status === 404) return pass(`${what}: retired since Era C (models come from getModels or the bundled table)`);
      return fail(what);
    },
  },
  {
    step: 'http-inference',
    needs: [],
    async run(probes, facts, results) {
      const route = (facts.inferenceRoute = await probes.inferenceRoute());
      const what = `POST /api/inference (unknown model, generates nothing): ${describeHttp(route)}`;
      if (route.status === 400) return pass(`${what}: the route is alive (Eras A–C)`);
      if (route.status === 404) {
        return results.get('socket')?.status === 'pass'
          ? pass(`${what}: retired since Era D`)
          : fail(`${what}, and the socket is refused: no transport answers`);
      }
      if (route.status >= 200 && route.status < 300) return pass(`${what}: the route is alive`);
      return fail(what);
    },
  },
  {
    step: 'header-rules',
    needs: [],
    async run(probes) {
      const rules = await probes.headerRules();
      return rules.installed ? pass(rules.detail) : fail(`${rules.detail}: requests go out with the extension's Origin`);
    },
  },
  {
    step: 'clearance',
    needs: [],
    async run(probes, facts) {
      const { withCookies, withoutCookies } = (facts.clearance = await probes.clearance());
      const blocked = (p: HttpProbe) => p.status === 0 || p.challenge || p.status === 403;
      if (withCookies.status === 0) return fail(`no response (${withCookies.error ?? 'network error'})`);
      if (!blocked(withCookies) && blocked(withoutCookies)) return pass(`present: passes with cookies (${describeHttp(withCookies)}), meets the check without (${describeHttp(withoutCookies)})`);
      if (!blocked(withCookies)) return pass(`not needed: passes without cookies too (${describeHttp(withoutCookies)})`);
      if (withCookies.challenge) {
        return fail(`none that works here: with cookies ${describeHttp(withCookies)} (a clearance earned in a tab may be partitioned away from the extension)`);
      }
      return fail(`refused with cookies: ${describeHttp(withCookies)}`);
    },
  },
];

/** The step definitions in run order (tests check it matches SELF_TEST_STEPS). */
export { lightestModel };

export const STEP_ORDER: readonly SelfTestStep[] = STEPS.map((s) => s.step);

/** Runs every step in order. Never throws: a probe that throws fails its step. */
export async function runSelfTest(probes: DoctorProbes, onStep: (progress: StepProgress) => void = () => {}): Promise<SelfTestReport> {
  const now = probes.now ?? Date.now;
  const startedAt = now();
  const facts: Facts = {};
  const results = new Map<SelfTestStep, StepResult>();
  for (const def of STEPS) {
    const failedNeed = def.needs.find((need) => results.get(need)?.status !== 'pass');
    let result: StepResult;
    if (failedNeed !== undefined) {
      result = { step: def.step, status: 'skipped', ms: 0, evidence: `needs the ${failedNeed} step, which ${results.get(failedNeed)?.status === 'skipped' ? 'was skipped' : 'failed'}` };
    } else {
      onStep({ step: def.step, status: 'running' });
      const began = now();
      let outcome: Outcome;
      try {
        outcome = await def.run(probes, facts, results);
      } catch (error) {
        outcome = fail(`probe error: ${error instanceof Error ? error.message : String(error)}`);
      }
      const evidence = stripUrls(outcome.evidence);
      result = { step: def.step, status: outcome.status, ms: Math.max(0, Math.round(now() - began)), evidence: evidence.length > MAX_EVIDENCE ? `${evidence.slice(0, MAX_EVIDENCE - 1)}…` : evidence };
    }
    results.set(def.step, result);
    onStep(result);
  }
  return { startedAt, steps: SELF_TEST_STEPS.map((s) => results.get(s)!), verdict: verdictOf(facts, results) };
}
