// Types of build-cli.mjs (plain JavaScript so that the package `bin` can run it unbuilt).
export const CLI_ENTRY: string
export const CLI_BUNDLE: string
export function cliBundleStale(bundle?: string, inputs?: string[]): boolean
export function buildCliBundle(outfile?: string): Promise<string>
export function ensureCliBundle(bundle?: string, inputs?: string[]): Promise<{ bundle: string; rebuilt: boolean }>
