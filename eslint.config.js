import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'var/', 'test-results/', 'appliance-ui/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        // Node 20 globals the plain-JS scripts use (TypeScript files get them from @types/node).
        performance: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Drivers and the board bridge must never reach into the gateway (one-way dependencies).
    files: ['drivers/**/*.ts', 'firmware-bridge/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/gateway/**'], message: 'drivers never import the gateway' }] },
      ],
    },
  },
  {
    files: ['gateway/document/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/issuance/**', '**/telemetry/**'],
              message: 'document is pure: no service imports',
            },
          ],
        },
      ],
    },
  },
);
