// Plain-text rendering with the Markdown component's props: used until components/Markdown.tsx
// lands, and for user messages. Text is always a text node (no HTML).
interface Props {
  text: string;
  streaming?: boolean;
  onCopyCode?: (code: string) => void;
}

export function PlainText({ text }: Props) {
  return <div class="plain-text">{text}</div>;
}
