// The dedicated worker the offscreen relay document runs its WebSockets on (why: lib/playground/socket-thread.ts).
// Chrome only: Firefox opens its sockets in its background page, with no offscreen document.
import { startSocketThread } from '@/lib/playground/socket-thread';

export default defineUnlistedScript({
  exclude: ['firefox'],
  main() {
    startSocketThread(self);
  },
});
