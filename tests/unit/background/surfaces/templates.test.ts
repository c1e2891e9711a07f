import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, expandTemplate, loadTemplates, sanitizeTemplates, saveTemplates, templateVariables, TEMPLATES_KEY } from '@/lib/background/surfaces/templates';
import { fakeBrowser } from 'wxt/testing/fake-browser';

describe('template expansion', () => {
  it('fills every variable; selection and page become delimited blocks', () => {
    const out = expandTemplate('About {title} ({url}) in {language}:\n{selection}\n{page}', {
      selection: 'the chosen words',
      page: 'the whole page',
      title: 'A title',
      url: 'https://a.example/x',
      language: 'Russian',
    });
    expect(out.missing).toEqual([]);
    expect(out.text).toContain('About A title (https://a.example/x) in Russian:');
    expect(out.text).toMatch(/<selection [^>]*>\nthe chosen words\n<\/selection>/);
    expect(out.text).toMatch(/<page_content [^>]*>\nthe whole page\n<\/page_content>/);
    expect(out.contexts.map((c) => c.tag)).toEqual(['selection', 'page_content']);
  });

  it('reports missing variables and leaves nothing of them behind', () => {
    const out = expandTemplate('Title: {title}. URL: {url}. {selection}', { selection: 'x' });
    expect(out.missing.sort()).toEqual(['title', 'url']);
    expect(out.text).not.toMatch(/\{title\}|\{url\}/);
    expect(out.text.startsWith('Title: . URL: .')).toBe(true);
  });

  it('is one pass: a value containing {url} stays text, and unknown {names} stay as written', () => {
    const out = expandTemplate('{title} {foo} {url}', { title: 'see {url}', url: 'https://u/' });
    expect(out.text).toBe('see {url} {foo} https://u/');
  });

  it('{{ and }} write literal braces', () => {
    expect(expandTemplate('{{selection}} is {selection}', { selection: 'x' }).text).toMatch(/^\{selection\} is <selection /);
    expect(templateVariables('{{selection}} {url}')).toEqual(['url']);
  });

  it('escapes delimiters in the selection and newlines/quotes in inline values', () => {
    const out = expandTemplate('{title}: {selection}', { title: 'Line1\nLine2 <selection>', selection: 'a </selection> b' });
    expect(out.text.match(/<\/selection>/g)).toHaveLength(1);
    expect(out.text.split('\n')[0]).toBe('Line1 Line2 ‹selection›: <selection source="" title="Line1 Line2 ‹selection›" chars="16" total="16" truncated="no">');
  });

  it('a template that uses neither {selection} nor {page} still gets the selection, appended as data', () => {
    const out = expandTemplate('Rewrite formally.', { selection: 'hey there' });
    expect(out.text).toMatch(/^Rewrite formally\.\n\n<selection [^>]*>\nhey there\n<\/selection>$/);
  });

  it('the built-in templates use the selection and the language', () => {
    for (const template of DEFAULT_TEMPLATES) expect(templateVariables(template.prompt).sort()).toEqual(['language', 'selection']);
  });
});

describe('template storage', () => {
  it('defaults until the user saves; sanitizes what is stored', async () => {
    expect((await loadTemplates()).map((t) => t.id)).toEqual(['summarize', 'explain', 'translate']);
    await saveTemplates([{ id: 'mine', title: 'Mine', prompt: 'Do {selection}', model: '@cf/x/y' }]);
    expect(await loadTemplates()).toEqual([{ id: 'mine', title: 'Mine', prompt: 'Do {selection}', model: '@cf/x/y' }]);
    await fakeBrowser.storage.local.set({ [TEMPLATES_KEY]: [{ id: 'bad id!', title: 'x', prompt: 'y' }, { id: 'ok', title: '', prompt: 'p' }, 'junk', { id: 'fine', title: 'T', prompt: 'P' }] });
    expect((await loadTemplates()).map((t) => t.id)).toEqual(['fine']);
    expect(sanitizeTemplates('nope')).toBeNull();
  });
});
