import { createApp } from 'vue'
import { createPinia } from 'pinia'
import '@fontsource/noto-sans-sc/400.css'
import './style.css'
import App from './App.vue'
import { i18n } from './i18n'
import { useDataStore } from './stores/data'

const app = createApp(App).use(createPinia()).use(i18n)
app.mount('#app')

// What the user imported comes back from IndexedDB; the demo district fills the rest
// (boundaries and cameras first, the incidents stream in a worker).
void useDataStore().init()
