import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** no-restricted-imports options that keep a folder from importing the layers above it. */
function layerRule(message, folders) {
  return { patterns: [{ group: folders.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]), message: `Layering: ${message}.` }] };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.cache/**', '.vscode-test/**', 'node_modules/**', 'samples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // The layers: imports only point down. extension.ts wires everything; commands/ may use views/ (the nodes they are
  // given); views/ draw features/; features/ own state over the seams (azure/ docker/ wsl/ environmentFromConfig/
  // language/); the seams stand on util/ and settings.ts. context.ts is the one type every layer may name.
  {
    files: ['src/views/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', layerRule('views/ draw features and never reach up to commands', ['commands'])] },
  },
  {
    files: ['src/features/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', layerRule('features/ own state; views and commands follow them', ['commands', 'views'])] },
  },
  {
    files: [
      'src/{azure,docker,wsl,environmentFromConfig,imageCustomizer,language,util,lazyBundles}/**/*.ts',
      'src/settings.ts',
      'src/settingTarget.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        layerRule('the seams stand below features, views and commands', ['commands', 'views', 'features']),
      ],
    },
  },
  {
    // The pure modules run in the CLI and in plain-Node unit tests: they must never reach for the editor.
    files: [
      'src/**/core/**/*.ts',
      'src/cli/**/*.ts',
      'src/settingTarget.ts',
      'test/unit/**/*.ts',
      'test/engine/**/*.ts',
      'test/helpers/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Pure modules and plain-Node tests must not import vscode.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'esbuild.mjs', 'eslint.config.mjs', '.vscode-test.mjs', 'test/fakes/**/*.exe', 'test/fakes/**/az'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        URLSearchParams: 'readonly',
        performance: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
  {
    // Stand-in programs (wsl.exe, az) are plain CommonJS scripts run by Node.
    files: ['test/fakes/**/*.exe', 'test/fakes/**/az'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
