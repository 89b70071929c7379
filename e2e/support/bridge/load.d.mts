// Types for load.mjs (imported by the e2e fixtures).
export type BridgeMain = typeof import('./main');
export declare function loadBridgeMain(): BridgeMain;
export declare function bridgePreloadScript(): string;
