import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { DEFAULT_CONFIG, parseAppConfig, type AppConfig } from '../core/app-config'
import { errorMessage } from '../core/text-format'

/** Runtime configuration from `config.json` (same origin). A missing or broken file means the offline demo base map. */
export const useConfigStore = defineStore('config', () => {
  const config = shallowRef<AppConfig>(DEFAULT_CONFIG)
  const warnings = shallowRef<string[]>([])
  const ready = fetch(`${import.meta.env.BASE_URL}config.json`)
    .then((r) => (r.ok ? r.json() : null))
    .then((json) => {
      if (json === null) return
      const parsed = parseAppConfig(json)
      config.value = parsed.config
      warnings.value = parsed.warnings
    })
    .catch((e) => {
      warnings.value = [`config.json: ${errorMessage(e)}`]
    })
  return { config, warnings, ready }
})
