import { render } from 'preact';
import { initialLocale, setLocale } from '../i18n/index.js';
import { HqApp } from './hq-app.js';
import '../styles.css';

/** The headquarters pages' own entry (hq.html), served by `cardgate hq`. */
setLocale(initialLocale(), false);
const root = document.getElementById('app');
if (root) render(<HqApp />, root);
