/**
 * Property tests explore new random cases on every local run; under CI they replay one fixed
 * seed, so that what passed when the work was submitted passes when it lands. A failure prints
 * its seed either way (fast-check), to replay with FC_SEED=<seed>.
 */
import fc from 'fast-check'

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261124 : undefined
if (seed !== undefined) fc.configureGlobal({ seed })
