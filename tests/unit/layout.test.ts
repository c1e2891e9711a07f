// The layout of issue #10, checked: (1) the import arrows drawn in README.md "Architecture" are the
// ones eslint.config.js enforces (a wrong or missing arrow fails here, not only in `eslint .`);
// (2) no source file over 10 KB without a reason at its top; (3) every `docs/*.md#anchor` a comment
// cites names a heading that exists, and no comment cites a section ("§") of a document that is not
// in the repository.
// The expected arrows are written out below on purpose, independently of eslint.config.js: the
// test lints small in-memory files against the real config and compares with this table.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Folder = 'lib/shared' | 'lib/protocol' | 'lib/playground' | 'lib/background' | 'lib/pages' | 'components' | 'entrypoints';
const FOLDERS: Folder[] = ['lib/shared', 'lib/protocol', 'lib/playground', 'lib/background', 'lib/pages', 'components', 'entrypoints'];

/** Who may import whom (besides itself). entrypoints wire everything. */
const ALLOWED: Record<Folder, Folder[]> = {
  'lib/shared': [],
  'lib/protocol': ['lib/shared'],
  'lib/playground': ['lib/shared', 'lib/protocol'],
  'lib/background': ['lib/shared', 'lib/protocol', 'lib/playground'],
  'lib/pages': ['lib/shared', 'lib/protocol'],
  components: ['lib/pages', 'lib/protocol', 'lib/shared'],
  entrypoints: FOLDERS,
};

/** A file at the top of the folder and one nested deeper, so both relative spellings are covered. */
function probes(folder: Folder): string[] {
  const ext = folder === 'components' ? 'tsx' : 'ts';
  return [`${folder}/layout-probe.${ext}`, `${folder}/nested/deeper/layout-probe.${ext}`];
}

/** The module a sample imports inside `target`, as an alias path and as a relative path from `file`. */
function specifiers(file: string, target: Folder): string[] {
  const alias = `@/${target}/some-module`;
  let relative = path.posix.relative(path.posix.dirname(file), `${target}/some-module`);
  if (!relative.startsWith('.')) relative = `./${relative}`;
  return [alias, relative];
}

let eslint: ESLint;

/** The `no-restricted-imports` messages the real config gives for `code` saved as `file`. */
async function layoutErrors(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import directions (eslint.config.js, README "Architecture")', () => {
  beforeAll(() => {
    // The real config, minus type information: the samples are not on disk, so the project service
    // cannot type them, and the layout rules need no types.
    eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
  });

  it('a page importing background storage is an error that says why', async () => {
    const errors = await layoutErrors("import '@/lib/background/storage';\n", 'lib/pages/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('pages reach data only through the port');
    expect(errors[0]).toContain('lib/pages may import only lib/shared and lib/protocol');
  });

  it('the background importing the pages is an error', async () => {
    const errors = await layoutErrors("import { x } from '../pages/chat-store';\nexport const y = x;\n", 'lib/background/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('never imports them');
  });

  it('shared importing the protocol is an error', async () => {
    const errors = await layoutErrors("import type { X } from '@/lib/protocol/messages';\nexport type Y = X;\n", 'lib/shared/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('lib/shared is the bottom layer');
  });

  it('a component importing playground types is an error; through the protocol it is fine', async () => {
    expect(await layoutErrors("import type { ModelInfo } from '@/lib/playground/types';\nexport type M = ModelInfo;\n", 'components/X.tsx')).toHaveLength(1);
    expect(await layoutErrors("import type { ModelInfo } from '@/lib/protocol/messages';\nexport type M = ModelInfo;\n", 'components/X.tsx')).toEqual([]);
  });

  it('re-exports and side-effect imports count as imports', async () => {
    expect(await layoutErrors("export * from '@/lib/background/storage';\n", 'lib/pages/x.ts')).toHaveLength(1);
    expect(await layoutErrors("export { a } from '../../background/engine/engine';\n", 'lib/pages/markdown/x.ts')).toHaveLength(1);
  });

  it('names that only start like a folder are not caught (lib/pages-extra is not lib/pages)', async () => {
    expect(await layoutErrors("import '@/lib/pages-extra/x';\n", 'lib/background/x.ts')).toEqual([]);
  });

  // The whole matrix: every folder × every target × both spellings × a top-level and a nested file.
  for (const from of FOLDERS) {
    for (const target of FOLDERS) {
      const allowed = from === target || ALLOWED[from].includes(target);
      it(`${from} → ${target}: ${allowed ? 'allowed' : 'error'}`, async () => {
        for (const file of probes(from)) {
          for (const spec of specifiers(file, target)) {
            const errors = await layoutErrors(`import type { X } from '${spec}';\nexport type Y = X;\n`, file);
            expect({ file, spec, errors: errors.length }).toEqual({ file, spec, errors: allowed ? 0 : 1 });
          }
        }
      });
    }
  }
});

const SIZE_LIMIT = 10 * 1024;
const SOURCE = /\.(ts|tsx|js|mjs|css|html)$/;
const REASON = 'Over 10 KB:';
/** "At its top": within the first lines (after a shebang or a `@vitest-environment` line, say). */
const TOP_LINES = 5;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(relative));
    else if (SOURCE.test(entry.name)) out.push(relative);
  }
  return out;
}

describe('file sizes', () => {
  it(`every source file over 10 KB says why at its top ("${REASON} …")`, () => {
    const unexplained = ['lib', 'components', 'entrypoints', 'tests/emulator']
      .flatMap(sourceFiles)
      .filter((file) => statSync(path.join(ROOT, file)).size > SIZE_LIMIT)
      .filter((file) => !readFileSync(path.join(ROOT, file), 'utf8').split('\n').slice(0, TOP_LINES).some((line) => line.includes(REASON)))
      .map((file) => `${file} (${statSync(path.join(ROOT, file)).size} bytes)`);
    expect(unexplained).toEqual([]);
  });
});

/** GitHub's heading slug: lower case, punctuation dropped (except - and _), spaces to dashes. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Anchors of every heading in docs/<name>.md. */
function anchors(doc: string): Set<string> {
  const text = readFileSync(path.join(ROOT, 'docs', doc), 'utf8');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

describe('document citations', () => {
  const CODE = /\.(ts|tsx|js|mjs)$/;
  const files = ['lib', 'components', 'entrypoints', 'tests'].flatMap(sourceFiles).filter((file) => CODE.test(file));

  it('the slug rule matches GitHub on the headings cited most', () => {
    expect(slug('Era C UI message stream')).toBe('era-c-ui-message-stream');
    expect(slug('End of answer rules')).toBe('end-of-answer-rules');
    expect(slug('Origin, cookies & rules')).toBe('origin-cookies--rules');
  });

  it('every docs/*.md#anchor cited in the code names a heading that exists', () => {
    const known = new Map<string, Set<string>>();
    const broken: string[] = [];
    let cited = 0;
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/docs\/([\w.-]+\.md)#([\w-]+)/g)) {
        cited++;
        const [, doc, anchor] = m;
        if (!known.has(doc)) known.set(doc, statSync(path.join(ROOT, 'docs', doc), { throwIfNoEntry: false }) ? anchors(doc) : new Set());
        if (!known.get(doc)!.has(anchor)) broken.push(`${file}: docs/${doc}#${anchor}`);
      }
    }
    expect(cited).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  it('no comment cites a section (§) of a document that is not in the repository', () => {
    // Allowed: external standards cited by name ("RFC 9110 §10.2.3") and the § character as data.
    const allowed = /RFC \d+ §|sect: '§'/;
    const stale = files
      .filter((file) => file !== 'tests/unit/layout.test.ts')
      .flatMap((file) =>
        readFileSync(path.join(ROOT, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
          .filter(({ line }) => line.includes('§') && !allowed.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(stale).toEqual([]);
  });
});
