// Injected on demand into the active tab ("Summarize this page"), through activeTab + scripting:
// never declared as a content script. Runs Mozilla Readability on a CLONE of the document (it
// mutates what it parses) and returns plain text; the background caps and delimits it
// (lib/background/surfaces/page-context.ts). Falls back to the body's visible text when Readability finds no
// article. Returns data only: nothing here talks to the extension or the network.
import { Readability } from '@mozilla/readability';
import type { PageContent } from '@/lib/background/surfaces/page-context';

/** Characters read from the page at most; the background caps again, lower. */
const READ_LIMIT = 200_000;

export default defineUnlistedScript((): PageContent => {
  const base = {
    title: document.title,
    url: location.href,
    lang: document.documentElement.lang || undefined,
    contentType: document.contentType,
  };
  if (document.contentType === 'application/pdf' || !document.body) return { ...base, text: '' };
  let text = '';
  let excerpt: string | undefined;
  let title = base.title;
  try {
    const article = new Readability(document.cloneNode(true) as Document, { charThreshold: 200 }).parse();
    if (article?.textContent) {
      text = article.textContent;
      excerpt = article.excerpt ?? undefined;
      title = article.title || title;
    }
  } catch {
    // Readability gave up: use the visible text below.
  }
  if (text.trim().length < 200) text = document.body.innerText || '';
  return { ...base, title, text: text.slice(0, READ_LIMIT), excerpt };
});
