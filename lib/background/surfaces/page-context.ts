// What a page yields for a prompt, and when it is not worth sending. All of it is pure and shared
// with the side panel (the page chip reads pages, PDFs and transcripts itself, issue #13), so it
// lives in lib/protocol/delimit.ts; the background keeps importing it from here.
export {
  PAGE_TEXT_CAP,
  SELECTION_CAP,
  INLINE_CAP,
  MIN_PAGE_CHARS,
  escapeDelimiters,
  normalizeText,
  capText,
  inlineValue,
  contextBlock,
  restrictedUrl,
  unusableContent,
  type PageContent,
} from '@/lib/protocol/delimit';
