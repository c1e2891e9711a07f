// What the page shows of a plan (issue #13): sections read, the phase, and the notes so far.
import type { DocumentProgress } from '@/lib/protocol/records';
import type { DocumentPlan } from './planner';

export function progressOf(plan: DocumentPlan): DocumentProgress {
  const notes = plan.notes.filter((n): n is string => n !== null);
  return { done: notes.length, total: plan.sections.length, phase: notes.length < plan.sections.length ? 'map' : 'reduce', notes, firstChars: plan.firstChars };
}
