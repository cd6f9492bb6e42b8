import { createApp } from 'vue'
import { createPinia } from 'pinia'
import '@fontsource/noto-sans-sc/400.css'
import './style.css'
import App from './App.vue'
import { i18n } from './i18n'
import { useServerStore } from './stores/server'
import { installAutomation } from './export/automation'

const app = createApp(App).use(createPinia()).use(i18n)
app.mount('#app')
// what the headless snapshot command and the browser tests drive
installAutomation()

// Served by the command centre's server, the data is the signed-in user's district; otherwise
// what the user imported comes back from IndexedDB and the demo district fills the rest
// (boundaries and cameras first, the incidents stream in a worker).
void useServerStore().start()
