// The feature each source file belongs to, for `size-breakdown.ts --features` (issue #16): the
// README's size section is written per feature ("what would we lose without these kilobytes"),
// which folders alone do not say. First match wins; a file no rule names is reported under its
// folder, so a new module shows up instead of vanishing. Keep the labels short: they are table rows.
export const FEATURES: ReadonlyArray<readonly [label: string, pattern: RegExp]> = [
  // ---- background
  ['Connection doctor (self-test, probes, canary, redaction, error log)', /^lib\/(background\/doctor|background\/doctor-handlers|playground\/(diagnostics|chat-probe|canary|canary-hook|redact)|protocol\/doctor)/],
  ['Long documents (chunker, planner, map-reduce job)', /^lib\/(background\/documents\/|background\/engine\/document-)/],
  ['Engine (turns, streaming, retries, waits, journal, compare, failover)', /^lib\/background\/engine\//],
  ['Export / import (JSON, Markdown, import schema)', /^lib\/background\/storage\/export-import/],
  ['Storage (conversations, messages, settings, search) + idb', /^(lib\/background\/storage\/|node_modules\/idb\/)/],
  ['Stream parsers (protocol eras A-D) + eventsource-parser', /^(lib\/playground\/parse\/|node_modules\/eventsource-parser\/)/],
  ['Playground client (socket, relay, tab, HTTP transports, models, errors)', /^lib\/playground\//],
  ['Surfaces (context menus, commands, omnibox, templates)', /^lib\/background\/surfaces\//],
  ['Start, router, chat and data ports', /^(lib\/background\/|entrypoints\/background)/],
  ['Port schemas (lib/protocol) + valibot', /^(lib\/protocol\/|node_modules\/valibot\/)/],
  // ---- pages
  ['marked (its Lexer only)', /^node_modules\/marked\//],
  ['Markdown pipeline (incremental lexing, safe rendering, code, math)', /^(lib\/pages\/markdown\/|components\/markdown\/|components\/(Markdown|MessageText|RenderGuard)\.tsx)/],
  ['Preact + signals', /^node_modules\/(preact|@preact)\//],
  ['Popup UI and controller', /^(components\/PopupApp|lib\/pages\/popup|entrypoints\/popup\/)/],
  ['Chat state, actions, ports (shared with the panel)', /^lib\/pages\/[^/]+$/],
  ['Panel components', /^components\//],
  ['Shared helpers (i18n, models, limits)', /^lib\/shared\//],
  ['Entry points, wxt browser shim', /^(entrypoints\/|node_modules\/wxt\/|node_modules\/@wxt-dev\/)/],
];

/** The feature label of a normalised source path (lib/…, components/…, node_modules/<pkg>/…), or null. */
export function featureOf(file: string): string | null {
  return FEATURES.find(([, pattern]) => pattern.test(file))?.[0] ?? null;
}
