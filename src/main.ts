import { createApp } from 'vue'
import { createPinia } from 'pinia'
import '@fontsource/noto-sans-sc/400.css'
import './style.css'
import App from './App.vue'
import { i18n } from './i18n'
import { useDataStore } from './stores/data'
import { DEMO_URLS } from './io/demo-files'

const app = createApp(App).use(createPinia()).use(i18n)
app.mount('#app')

// Boundaries and cameras first (small), then the incidents stream in a worker.
const data = useDataStore()
void data.loadDemoAreas()
void data.loadIncidentsFrom({ url: DEMO_URLS.incidents })
