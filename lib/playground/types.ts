// What the rest of the extension asks of the playground client. No UI or storage types here:
// the client stays independent of both.

export interface ChatTurn {
  /** Stable across turns: the agents server merges history by message id. */
  id: string;
  role: 'user' | 'assistant';
  text: string;
}

export interface ChatRequest {
  /** Our id for this generation; also the agents protocol request id. */
  requestId: string;
  /** Agents instance name, one per conversation (`flarechat-<nanoid>`). */
  sessionName: string;
  /** The whole conversation, oldest first, ending with the user turn being answered. */
  messages: ChatTurn[];
  /** Full model id (`@cf/...`); aliases are resolved before this point. */
  model: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
}
