// Types for main-process-tuning.mjs (imported by the e2e fixtures and a test).
export declare const MAIN_PROCESS_V8_FLAGS: readonly string[];
export declare const MAIN_PROCESS_ENV: Readonly<Record<string, string>>;
export declare function electronSwitches(): string[];
export declare function mainProcessEnv<T extends Record<string, string | undefined>>(
  env: T,
): T & Record<string, string>;
