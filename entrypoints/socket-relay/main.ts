// The offscreen document that holds agents WebSockets for the background (lib/playground/socket-relay.ts).
import { startSocketRelay } from '@/lib/playground/socket-relay-host';

startSocketRelay();
