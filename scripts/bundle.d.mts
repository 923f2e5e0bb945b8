/** Types of scripts/bundle.mjs, for test/global-setup.ts. */
export declare const ENTRIES: Readonly<Record<string, string>>;
export declare function bundle(options?: { prune?: boolean }): Promise<number>;
