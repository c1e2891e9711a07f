// @vitest-environment happy-dom
// The remembered Compare choice (issue #15) is the global setting `compareModels`, saved through the
// data port like every setting (issue #10: the background is the one writer). A choice is saved
// once, a comparison run again on the same models saves nothing (no settings-changed broadcast per
// comparison), and a choice made in one page reaches the others through settings-changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { DataPortHost } from '@/lib/background/data-port';
import { closeDb } from '@/lib/background/storage/db';
import { DataClient } from '@/lib/pages/data-client';
import { compareOpen } from '@/lib/pages/compare';
import { portHistory } from '@/lib/pages/port-history';
import { click, fakeEvent, mount, MODELS, settingsHistory, typeInto, type Mounted } from './harness';

const mounted: Mounted[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const m of mounted.splice(0)) m.unmount();
  for (const stop of stops.splice(0)) stop();
  compareOpen.value = false;
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
});

async function page(options: Parameters<typeof mount>[0]): Promise<Mounted> {
  const m = await mount(options);
  mounted.push(m);
  return m;
}

const slots = (m: Mounted) => m.$$('[data-testid=compare-model]') as HTMLSelectElement[];

async function openSlots(m: Mounted): Promise<void> {
  if (slots(m).length === 0) await click(m.$('[data-testid=compare-models-toggle]'));
}

async function choose(m: Mounted, index: number, model: string): Promise<void> {
  await openSlots(m);
  const select = slots(m)[index];
  await act(() => {
    select.value = model;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Types a prompt and presses Compare; then New chat, so the next comparison can start. */
async function compare(m: Mounted, text: string): Promise<void> {
  await typeInto(m.$('[data-testid=composer]')!, text);
  await click(m.$('[data-testid=compare]'));
  await click(m.$('[data-testid=new-chat]'));
}

/**
 * A data port between a page's DataClient and the background's DataPortHost: each side's
 * postMessage arrives (cloned, a task later, as in Chrome) at the other side's onMessage.
 */
function dataPort(host: DataPortHost) {
  const requests: { type: string; patch?: unknown }[] = [];
  const side = (name: string) => ({ name, onMessage: fakeEvent(), onDisconnect: fakeEvent(), postMessage: (_m: unknown) => undefined, disconnect: () => undefined });
  const pageSide = side('data');
  const backgroundSide = side('data');
  pageSide.postMessage = (message) => {
    requests.push(structuredClone(message) as { type: string });
    setTimeout(() => backgroundSide.onMessage.trigger(structuredClone(message)));
  };
  backgroundSide.postMessage = (message) => void setTimeout(() => pageSide.onMessage.trigger(structuredClone(message)));
  host.connect(backgroundSide);
  const data = new DataClient({ connect: () => pageSide });
  data.start();
  stops.push(() => data.close());
  return { history: portHistory(data), settingsUpdates: () => requests.filter((r) => r.type === 'settings-update') };
}

describe('the remembered Compare choice is a setting', () => {
  it('choosing a slot saves the choice once; the same comparison started again saves nothing', async () => {
    const history = settingsHistory({ compareModels: [MODELS[0].id, MODELS[2].id] });
    const m = await page({ history });
    await choose(m, 2, MODELS[3].id);
    expect(history.saved).toEqual([{ compareModels: [MODELS[0].id, MODELS[2].id, MODELS[3].id] }]);

    await compare(m, 'Which is faster?');
    await compare(m, 'And which is cheaper?');
    expect(m.sent('compare-start').map((s) => s.models)).toEqual([
      [MODELS[0].id, MODELS[2].id, MODELS[3].id],
      [MODELS[0].id, MODELS[2].id, MODELS[3].id],
    ]);
    expect(history.saved).toHaveLength(1);
  });

  it('with nothing chosen yet, the first comparison remembers its models once', async () => {
    const history = settingsHistory({});
    const m = await page({ history });
    await compare(m, 'Which is faster?');
    await compare(m, 'And which is cheaper?');
    const [first, second] = m.sent('compare-start');
    expect(second.models).toEqual(first.models);
    expect(history.saved).toEqual([{ compareModels: first.models }]);
  });

  it('saving the choice leaves the model picked for this new chat alone (it is not the default model)', async () => {
    const history = settingsHistory({ model: MODELS[0].id });
    const m = await page({ history });
    const picker = m.$('[data-testid=model-picker]') as HTMLSelectElement;
    await act(() => {
      picker.value = MODELS[1].id;
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(m.store.selectedModel.value).toBe(MODELS[1].id);
    await choose(m, 2, MODELS[3].id);
    expect(history.saved).toHaveLength(1);
    expect(m.store.selectedModel.value).toBe(MODELS[1].id);
    expect(picker.value).toBe(MODELS[1].id);
  });

  it('through the data port: a choice made in one page is saved by one settings-update and reaches another open page', async () => {
    const host = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => Promise.resolve() });
    stops.push(host.watchStorage());
    const panelPort = dataPort(host);
    const otherPort = dataPort(host);
    const panel = await page({ history: panelPort.history });
    const other = await page({ history: otherPort.history });

    await choose(panel, 1, MODELS[3].id);
    await vi.waitFor(() => expect(other.store.settings.value.compareModels).toEqual([MODELS[0].id, MODELS[3].id]));
    await openSlots(other);
    expect(slots(other).map((s) => s.value)).toEqual([MODELS[0].id, MODELS[3].id, '']);
    expect(panelPort.settingsUpdates()).toEqual([expect.objectContaining({ patch: { compareModels: [MODELS[0].id, MODELS[3].id] } })]);

    // Comparing on the remembered models, in either page, sends no settings-update (no broadcast).
    await compare(panel, 'Which is faster?');
    await compare(other, 'Which is faster?');
    expect(other.sent('compare-start')[0].models).toEqual([MODELS[0].id, MODELS[3].id]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([panelPort.settingsUpdates(), otherPort.settingsUpdates()].map((u) => u.length)).toEqual([1, 0]);
  });
});
