export * from './paths';
export * from './launch';
export * from './worker';
export * from './sidepanel';
export * from './chat';
export * from './emulator';
export * from './artifacts';
