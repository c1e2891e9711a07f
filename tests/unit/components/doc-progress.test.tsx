// @vitest-environment happy-dom
// Issue #13: a long document's progress ("Reading section 3 of 9…", data-done/data-total exactly),
// the notes as plain text, and the "first N characters only" choice only while sections are read.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { DocProgress } from '@/components/DocProgress';
import type { DocumentProgress } from '@/lib/protocol/records';

function mount(document: DocumentProgress, active: boolean, onFirstOnly = () => {}) {
  const container = globalThis.document.createElement('div');
  void act(() => render(<DocProgress document={document} active={active} onFirstOnly={onFirstOnly} />, container));
  return container;
}

describe('DocProgress', () => {
  it('says which section is being read, with the automation hook', () => {
    const first = vi.fn();
    const el = mount({ done: 2, total: 9, phase: 'map', notes: ['<b>one</b>', 'two'], firstChars: 60_000 }, true, first);
    const hook = el.querySelector('[data-testid=doc-progress]')!;
    expect(hook.getAttribute('data-done')).toBe('2');
    expect(hook.getAttribute('data-total')).toBe('9');
    expect(el.textContent).toContain('Reading section 3 of 9');
    // Notes are model output: text, never markup.
    expect(el.querySelector('[data-testid=doc-notes] b')).toBeNull();
    expect(el.querySelectorAll('[data-testid=doc-note]')).toHaveLength(2);
    (el.querySelector('[data-testid=doc-first-only]') as HTMLButtonElement).click();
    expect(first).toHaveBeenCalledOnce();
  });

  it('offers no "first characters" choice once combining or ended', () => {
    expect(mount({ done: 9, total: 9, phase: 'reduce', notes: [], firstChars: 60_000 }, true).querySelector('[data-testid=doc-first-only]')).toBeNull();
    const ended = mount({ done: 4, total: 9, phase: 'map', notes: [], firstChars: 60_000 }, false);
    expect(ended.querySelector('[data-testid=doc-first-only]')).toBeNull();
    expect(ended.textContent).toContain('4 of 9 sections read');
  });
});
