import { startBackground } from '@/lib/background';

export default defineBackground(() => {
  const background = startBackground();
  if (import.meta.env.MODE === 'e2e') {
    // Test-only handle for e2e (stripped from production builds; a test checks the bundle).
    (globalThis as Record<string, unknown>).__flarechat = background;
  }
});
