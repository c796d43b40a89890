import { render } from 'preact';
import { App } from './app.js';
import { initialLocale, setLocale } from './i18n/index.js';
import './styles.css';

setLocale(initialLocale(), false);
const root = document.getElementById('app');
if (root) render(<App />, root);
