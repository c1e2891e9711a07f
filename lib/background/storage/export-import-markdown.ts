// Readable Markdown export of one conversation (not importable: the JSON export is). It shows the
// visible branch only, as the panel does; the JSON export carries every version (issue #12).
import type { Conversation, Message } from '@/lib/protocol/records';
import { visiblePath } from '@/lib/protocol/branches';

function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}

/** Closes a code fence left open, so one message cannot swallow the sections after it. */
function balanceFences(text: string): string {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!match) continue;
    const fence = match[1];
    if (open === null) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = null;
  }
  return open === null ? text : `${text}\n${open}`;
}

function statusNote(message: Message): string {
  switch (message.status) {
    case 'stopped':
      return '\n\n_(stopped)_';
    case 'interrupted':
      return '\n\n_(interrupted)_';
    case 'error':
      return `\n\n_(error: ${message.error?.message ?? 'unknown'})_`;
    case 'queued':
    case 'streaming':
      return '\n\n_(incomplete)_';
    default:
      return '';
  }
}

/** Human-readable Markdown: title, model, date, then **You** / **Assistant (model)** sections. */
export function exportConversationMarkdown(conversation: Conversation, messages: readonly Message[]): string {
  const shown = visiblePath(messages, conversation.branch);
  const models = [...new Set(shown.map((m) => m.model).filter((m): m is string => !!m))];
  const model = conversation.model ?? (models.length ? models.join(', ') : 'default');
  const lines = [`# ${conversation.title}`, '', `- Model: ${model}`, `- Created: ${formatDate(conversation.createdAt)}`, `- Updated: ${formatDate(conversation.updatedAt)}`];
  if (conversation.systemPrompt) lines.push(`- System prompt: ${conversation.systemPrompt.replace(/\s+/g, ' ')}`);
  lines.push('', '---');
  for (const message of shown) {
    const heading = message.role === 'user' ? '**You**' : `**Assistant (${message.model ?? conversation.model ?? 'default'})**`;
    lines.push('', heading, '');
    if (message.reasoning) {
      lines.push('> _Reasoning_', ...balanceFences(message.reasoning).split('\n').map((line) => (line ? `> ${line}` : '>')), '');
    }
    lines.push(balanceFences(message.text) + statusNote(message));
  }
  return lines.join('\n') + '\n';
}
