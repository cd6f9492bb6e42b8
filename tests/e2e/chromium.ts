// The browser and the preview server live in src/cli/headless.ts (the `snapshot` command uses them too).
export { CHROMIUM, CHROMIUM_ARGS, ensureChromium, launchChromium, startPreview } from '../../src/cli/headless'
