import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

// A vitest setup file: runs in every test file. Registered before the file's own hooks, this
// afterAll runs after them (hooks run in stack order), i.e. once its servers and children are closed.
afterAll(removeTempDirs);
