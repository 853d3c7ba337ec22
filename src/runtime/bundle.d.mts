export declare const ROOT: string;
export declare const CACHE_DIR: string;
export declare function bundleSources(options: { entryPoints: string[]; outfile?: string; outdir?: string; splitting?: boolean }): Promise<void>;
export declare function clearStale(name: RegExp, keep?: string): void;
export declare function cliEntry(): Promise<string | null>;
