/**
 * An error boundary: if rendering its children throws, it shows `fallback()` instead and the rest
 * of the page keeps working (issue #11: one answer that overflowed the stack broke the whole side
 * panel, and the popup, which reopens the last answer, stayed broken). The fallback is called on
 * every render, so a streaming answer keeps updating as plain text.
 * https://preactjs.com/guide/v10/components/#error-boundaries
 */
import { Component, type ComponentChildren } from 'preact';

interface Props {
  fallback: () => ComponentChildren;
  children?: ComponentChildren;
}

interface State {
  failed: boolean;
}

export class RenderGuard extends Component<Props, State> {
  static override getDerivedStateFromError(): State {
    return { failed: true };
  }

  constructor(props: Props) {
    super(props);
    this.state = { failed: false };
  }

  override componentDidCatch(error: unknown): void {
    // Only the error's kind: its message may quote the answer, and answers never go to logs.
    console.warn(`FlareChat: a message could not be rendered (${error instanceof Error ? error.name : typeof error}); showing it as plain text`);
    this.setState({ failed: true });
  }

  override render(): ComponentChildren {
    return this.state.failed ? this.props.fallback() : this.props.children;
  }
}
