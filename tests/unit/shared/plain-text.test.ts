// History previews are plain text: no Markdown syntax (issue #12).
import { describe, expect, it } from 'vitest';
import { plainText } from '@/lib/shared/plain-text';

describe('plainText', () => {
  it.each([
    ['## Steps\n\n1. **Open** the `panel`\n2. Press _Enter_', 'Steps Open the panel Press Enter'],
    ['> quoted **bold** text', 'quoted bold text'],
    ['- [x] done\n- [ ] todo\n* item', 'done todo item'],
    ['See [the docs](https://example.com) and ![a cat](cat.png)', 'See the docs and a cat'],
    ['```js\nconst a = 1;\n```', 'const a = 1;'],
    ['| a | b |\n|---|:-:|\n| 1 | 2 |', 'a b 1 2'],
    ['~~old~~ new\n\n---\n\nnext', 'old new next'],
    ['snake_case_name and 2*3*4 stay', 'snake_case_name and 2*3*4 stay'],
    ['An answer cut in the **middle of bo', 'An answer cut in the middle of bo'],
    ['Escaped \\*stars\\* <b>tag</b>', 'Escaped *stars* tag'],
    ['$$\nx^2\n$$', 'x^2'],
    ['Plain text stays plain.', 'Plain text stays plain.'],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });
});
