// @vitest-environment happy-dom
// The options page's import shows a <progress> fed by the background's import-progress events
// (issue #16), and removes it when the import ends.
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { DataSection } from '@/components/options/DataSection';
import type { DataClient } from '@/lib/pages/data-client';
import { OptionsController } from '@/lib/pages/options';

describe('options import progress', () => {
  it('draws done of total while the background writes, then goes away', async () => {
    let progress!: (done: number, total: number) => void;
    let finish!: (v: { conversations: number }) => void;
    const history = {
      exportAll: () => Promise.resolve(new Blob([])),
      importText: (_text: string, onProgress?: (done: number, total: number) => void) => {
        progress = onProgress!;
        return new Promise<{ conversations: number }>((resolve) => (finish = resolve));
      },
    };
    const options = new OptionsController({} as DataClient, history, { download: () => undefined });
    const root = document.createElement('div');
    document.body.append(root);
    render(<DataSection options={options} />, root);
    const running = options.importText('{"conversations":[]}');
    await Promise.resolve();
    await Promise.resolve();
    render(<DataSection options={options} />, root);
    const bar = () => root.querySelector<HTMLProgressElement>('[data-testid=import-progress]');
    expect(bar()).not.toBeNull();
    progress(250, 1000);
    render(<DataSection options={options} />, root);
    expect([bar()?.getAttribute('value'), bar()?.getAttribute('max')]).toEqual(['250', '1000']);
    finish({ conversations: 1000 });
    await running;
    render(<DataSection options={options} />, root);
    expect(bar()).toBeNull();
    render(null, root);
  });
});
