// Chrome trace events as the page-level traces read them (CDP Tracing, devtools.timeline):
// shared by history-open-trace.ts and cold-start-trace.ts.
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; functionName?: string; type?: string } };
}

/** An event's name with what it ran: the function, the script file, the DOM event type. */
export function describeEvent(e: TraceEvent): string {
  const d = e.args?.data;
  return `${e.name}${d?.functionName ? ` ${d.functionName}` : ''}${d?.url ? ` ${d.url.split('/').pop()}` : ''}${d?.type ? ` ${d.type}` : ''}`;
}
