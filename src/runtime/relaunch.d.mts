export declare const RUN_FLAGS: string[];
export declare const RUN_ENV: Record<string, string>;
export declare function relaunchFlags(args: readonly string[], execArgv: readonly string[], env: Record<string, string | undefined>): string[] | null;
export declare function relaunch(flags: string[]): Promise<never>;
export declare function followLauncher(env?: Record<string, string | undefined>): void;
