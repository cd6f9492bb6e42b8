import { useI18n } from 'vue-i18n'
import { numberFormats } from '../i18n/format'

/** The panels' number formats in the UI language (see i18n/format.ts). */
export function useFormat() {
  const { n } = useI18n()
  return numberFormats(n)
}
