// The offscreen document that holds agents WebSockets for the background (lib/playground/socket-relay.ts).
import { startOffscreenRelay } from '@/lib/playground/socket-relay-host';

startOffscreenRelay();
