// Short-lived agents sockets that do one thing: list the models, or clear an instance's transcript.
import { browser } from 'wxt/browser';
import { agentsUrl } from './agents-url';
import { newInstanceName } from './instance-name';
import { parseFrame } from './parse/agents-frames';
import { buildClearFrame, buildGetModelsRpc, newId } from './request-bodies';
import type { SocketFactory } from './socket';
import { noteUnknown } from './canary-hook';

const MODELS_INSTANCE_KEY = 'playground:models-instance';

/**
 * The one instance this install asks for the model list. Every agents instance stays stored on the
 * server, so a fresh name per refresh would leave one behind each time (issue #17).
 */
export async function modelsInstanceName(): Promise<string> {
  const stored = (await browser.storage.local.get(MODELS_INSTANCE_KEY))[MODELS_INSTANCE_KEY];
  if (typeof stored === 'string' && stored !== '') return stored;
  const name = newInstanceName();
  await browser.storage.local.set({ [MODELS_INSTANCE_KEY]: name });
  return name;
}

/** Asks the socket for the model list (rpc getModels). Resolves null when that fails. */
export function socketModelRows(openSocket: SocketFactory, timeoutMs = 8_000, instanceName?: string): Promise<unknown[] | null> {
  return (instanceName !== undefined ? Promise.resolve(instanceName) : modelsInstanceName()).then(
    (name) =>
      new Promise((resolve) => {
        const rpcId = newId('models');
        let done = false;
        const finish = (rows: unknown[] | null) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          socket.close(1000, 'done');
          resolve(rows);
        };
        const timer = setTimeout(() => finish(null), timeoutMs);
        const socket = openSocket(agentsUrl(name), {
          onOpen() {
            socket.send(JSON.stringify(buildGetModelsRpc(rpcId)));
          },
          onText(data) {
            const frame = parseFrame(data);
            if (frame?.type !== 'rpc' || frame.id !== rpcId) return;
            const ok = frame.success !== false && Array.isArray(frame.result);
            // issue #14: a successful reply without a row array is a shape we do not know.
            if (!ok && frame.success !== false) noteUnknown('rpc-reply', frame);
            finish(ok ? (frame.result as unknown[]) : null);
          },
          onClose() {
            finish(null);
          },
        });
      }),
  );
}

/**
 * Empties the server's copy of a conversation (`cf_agent_chat_clear`), e.g. when the user deletes
 * it: anyone who knows the instance name could otherwise read it. Waits for the server's greeting
 * (so the frame reaches a ready object), sends the clear, closes. Resolves true once the clear was
 * sent, false when the socket could not be opened or closed first (the caller queues a retry).
 */
export function clearInstance(sessionName: string, openSocket: SocketFactory, timeoutMs = 8_000): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (sent: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close(1000, 'cleared');
      resolve(sent);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const socket = openSocket(agentsUrl(sessionName), {
      onOpen() {},
      onText(data) {
        if (parseFrame(data)?.type !== 'cf_agent_state') return;
        socket.send(JSON.stringify(buildClearFrame()));
        finish(true);
      },
      onClose() {
        finish(false);
      },
    });
  });
}
