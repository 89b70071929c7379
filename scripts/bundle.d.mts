// Types for bundle.mjs (imported by the e2e bridge and the main-entry test).
import type { BuildOptions } from 'esbuild';

export declare const ROOT: string;
export declare const FAKE_ELECTRON: string;
export declare const NODE_BUNDLE: BuildOptions;
export declare function requireWithFakeElectron(entry: string, options?: { dir?: string }): unknown;
export declare function browserScript(entry: string): string;
