import { beforeEach, describe, expect, it } from 'vitest';
import { createConversation, deleteConversation, renameConversation, undoDelete } from '@/lib/background/storage/conversations';
import { deleteMessagesAfter, putMessage, updateMessage } from '@/lib/background/storage/messages';
import { searchConversations } from '@/lib/background/storage/search';
import { indexTerms, makeSnippet, queryPrefixes } from '@/lib/background/storage/text';
import { addMessages, freshDb, makeMessage, tick } from './helpers';

beforeEach(freshDb);

const titles = async (query: string, limit = 20) => (await searchConversations(query, limit)).map((r) => r.conversation.title);

describe('tokenization', () => {
  it('folds case and diacritics and splits on non-letters', () => {
    expect([...indexTerms('Café CRÈME, naïve—Ångström 42x')]).toEqual(['cafe', 'creme', 'naive', 'angstrom', '42x']);
    expect([...indexTerms('Ёлка и ЙОГУРТ')]).toEqual(['елка', 'и', 'иогурт']);
  });

  it('indexes CJK as bigrams plus the final character', () => {
    expect([...indexTerms('東京都に住む')]).toEqual(['東京', '京都', '都に', 'に住', '住む', 'む']);
    expect([...indexTerms('中文 text')]).toEqual(['中文', '文', 'text']);
  });

  it('turns a query into prefixes, longest first, dropping redundant ones', () => {
    expect(queryPrefixes('  Hello hel WORLD ')).toEqual(['hello', 'world']);
    expect(queryPrefixes('東京都')).toEqual(['京都', '東京']);
    expect(queryPrefixes('東')).toEqual(['東']);
    expect(queryPrefixes('?!  ')).toEqual([]);
  });

  it('builds a snippet around the first match in the original text', () => {
    const text = `${'lorem ipsum dolor sit amet '.repeat(4)}the Café is open\nall night long`;
    const snippet = makeSnippet(text, ['cafe'])!;
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.slice(snippet.matchStart, snippet.matchStart + snippet.matchLength)).toBe('Café');
    expect(snippet.text).toContain('Café is open all night long');
    expect(makeSnippet('nothing here', ['zebra'])).toBeNull();
    // a prefix only matches at a word start
    expect(makeSnippet('rebuild', ['build'])).toBeNull();
  });
});

describe('searchConversations', () => {
  async function seed() {
    const rust = await createConversation({ title: 'Rust lifetimes' });
    await addMessages(rust.id, [['user', 'How do lifetimes work in Rust?'], ['assistant', 'A lifetime is a region of code where a borrow is valid.']]);
    await tick();
    const cafe = await createConversation({ title: 'Paris trip' });
    await addMessages(cafe.id, [['user', 'Best CAFÉ near the Louvre?'], ['assistant', 'Try Café Marly for the view.']]);
    await tick();
    const ru = await createConversation({ title: 'Рецепт' });
    await addMessages(ru.id, [['user', 'Как приготовить борщ?'], ['assistant', 'Нужна свёкла, капуста и картофель.']]);
    await tick();
    const jp = await createConversation({ title: '旅行' });
    await addMessages(jp.id, [['user', '東京都の天気は？'], ['assistant', '今日は晴れです。']]);
    await tick();
    const zh = await createConversation({ title: '学习' });
    await addMessages(zh.id, [['user', '我想学习中文'], ['assistant', '好的，我们开始吧']]);
    return { rust, cafe, ru, jp, zh };
  }

  it('matches all words (AND), each as a prefix, across title and messages', async () => {
    await seed();
    expect(await titles('rust')).toEqual(['Rust lifetimes']);
    expect(await titles('lifet')).toEqual(['Rust lifetimes']);
    expect(await titles('rust borrow')).toEqual(['Rust lifetimes']); // title + a different message
    expect(await titles('rust louvre')).toEqual([]);
    expect(await titles('ust')).toEqual([]); // prefixes match word starts, not infixes
  });

  it('is case- and diacritic-insensitive in both directions', async () => {
    await seed();
    expect(await titles('cafe')).toEqual(['Paris trip']);
    expect(await titles('CAFÉ marly')).toEqual(['Paris trip']);
    expect(await titles('Louvré')).toEqual(['Paris trip']);
  });

  it('handles Cyrillic (including ё ≈ е)', async () => {
    await seed();
    expect(await titles('борщ')).toEqual(['Рецепт']);
    expect(await titles('РЕЦ')).toEqual(['Рецепт']);
    expect(await titles('свекла капус')).toEqual(['Рецепт']);
  });

  it('handles CJK with single characters and multi-character runs', async () => {
    await seed();
    expect(await titles('東京')).toEqual(['旅行']);
    expect(await titles('東京都')).toEqual(['旅行']);
    expect(await titles('都')).toEqual(['旅行']); // last character of a run
    expect(await titles('晴れ')).toEqual(['旅行']);
    expect(await titles('中文')).toEqual(['学习']);
    expect(await titles('学习')).toEqual(['学习']);
    expect(await titles('京都大学')).toEqual([]);
  });

  it('orders by recency, honours the limit, and returns a snippet from the matching message', async () => {
    const { rust } = await seed();
    const other = await createConversation({ title: 'More about a region' });
    await addMessages(other.id, [['user', 'region question']]);
    const results = await searchConversations('region');
    expect(results.map((r) => r.conversation.title)).toEqual(['More about a region', 'Rust lifetimes']);
    expect(await titles('region', 1)).toEqual(['More about a region']);
    const hit = results[1];
    expect(hit.conversation.id).toBe(rust.id);
    expect(hit.messageId).toBeDefined();
    expect(hit.snippet?.text).toBe('A lifetime is a region of code where a borrow is valid.');
    expect(hit.snippet?.text.substr(hit.snippet.matchStart, hit.snippet.matchLength)).toBe('region');
    // title-only match: snippet from the title
    const titleOnly = await searchConversations('paris');
    expect(titleOnly[0].messageId).toBeUndefined();
    expect(titleOnly[0].snippet?.text).toBe('Paris trip');
  });

  it('excludes soft-deleted conversations and brings them back on undo', async () => {
    const { rust } = await seed();
    await deleteConversation(rust.id);
    expect(await titles('rust')).toEqual([]);
    await undoDelete(rust.id);
    expect(await titles('rust')).toEqual(['Rust lifetimes']);
  });

  it('follows edits, renames, auto titles and deletions', async () => {
    const c = await createConversation();
    await putMessage(makeMessage(c.id, 0, 'user', 'tell me about penguins'));
    expect(await titles('penguins')).toEqual(['tell me about penguins']); // auto title indexed too
    const answer = await putMessage(makeMessage(c.id, 1, 'assistant', 'Penguins live in Antarctica', { status: 'streaming' }));
    expect(await titles('antarctica')).toHaveLength(1);
    await updateMessage(answer.id, { text: 'Penguins live in the Southern Hemisphere', status: 'done' });
    expect(await titles('antarctica')).toEqual([]);
    expect(await titles('southern hemi')).toHaveLength(1);
    await renameConversation(c.id, 'Birds');
    expect(await titles('birds penguins')).toEqual(['Birds']);
    expect(await titles('tell')).toEqual(['Birds']); // still in the first message
    await deleteMessagesAfter(c.id, 0);
    expect(await titles('southern')).toEqual([]);
    expect(await titles('')).toEqual([]);
  });

  it('falls back to a recency walk when the driving prefix is very common', async () => {
    // 5001+ term rows starting with "w" force the recency plan; results must be the same.
    const convs = [];
    for (let i = 0; i < 30; i++) {
      const c = await createConversation({ title: `chat ${i}` });
      const words = Array.from({ length: 180 }, (_, j) => `w${i}x${j}`).join(' ');
      await putMessage(makeMessage(c.id, 0, 'user', i % 3 === 0 ? `${words} needle` : words));
      convs.push(c);
      await tick(1);
    }
    const results = await searchConversations('w needle', 50);
    expect(results.map((r) => r.conversation.title)).toEqual(['chat 27', 'chat 24', 'chat 21', 'chat 18', 'chat 15', 'chat 12', 'chat 9', 'chat 6', 'chat 3', 'chat 0']);
    expect((await searchConversations('w', 5)).map((r) => r.conversation.title)).toEqual(['chat 29', 'chat 28', 'chat 27', 'chat 26', 'chat 25']);
  });
});
