import { createApp } from 'vue';
import { createWebHistory } from 'vue-router';
import App from './App.vue';
import { createConsole } from './bootstrap';
import './styles/main.css';

createApp(App)
  .use(createConsole({ history: createWebHistory() }))
  .mount('#app');
